import type { ModelArch, RecurrentArch } from './types.ts';

/** The recurrent state is always F32: the cache-type flags do not apply to it. */
export const RECURRENT_STATE_BYTES_PER_VALUE = 4;

/**
 * Values one recurrent layer keeps per sequence, as llama_hparams::n_embd_r() and n_embd_s()
 * size them (src/llama-hparams.cpp): the convolution state, (d_conv - 1) x (d_inner +
 * 2 x n_group x d_state), plus the SSM state, d_state x d_inner. For Gated DeltaNet llama.cpp
 * maps d_state to the key head size, n_group to the key heads and d_inner to all value heads,
 * so the same formula gives the q/k/v convolution state and the per-head d_k x d_v state.
 */
export function getRecurrentValuesPerLayer(recurrent: RecurrentArch): number {
	const { dConv, dInner, dState, nGroups } = recurrent;
	const convolution = Math.max(0, dConv - 1) * (dInner + 2 * nGroups * dState);
	const state = dState * dInner;
	return convolution + state;
}

/** A recurrent state estimate. */
export interface RecurrentStateEstimate {
	/** Bytes of the whole state. */
	bytes: number;
	/** Bytes per block; 0 for blocks that are not recurrent. */
	perLayer: number[];
	/** Bytes one recurrent layer keeps for one sequence. */
	layerBytesPerSequence: number;
	/** Recurrent layers. */
	layers: number;
}

/**
 * Bytes of the recurrent state: each recurrent (R) layer keeps one state per sequence
 * (llama_memory_recurrent is sized max(1, n_seq_max) cells), independent of the context length.
 */
export function estimateRecurrentState(model: ModelArch, parallel = 1): RecurrentStateEstimate {
	const perLayer = new Array<number>(model.layers).fill(0);
	const recurrent = model.recurrent;
	if (!recurrent) return { bytes: 0, perLayer, layerBytesPerSequence: 0, layers: 0 };
	const sequences = Math.max(1, Math.floor(parallel));
	const layerBytesPerSequence = getRecurrentValuesPerLayer(recurrent) * RECURRENT_STATE_BYTES_PER_VALUE;
	let layers = 0;
	for (let layer = 0; layer < model.layers; layer++) {
		if (model.layerKinds[layer] !== 'R') continue;
		perLayer[layer] = layerBytesPerSequence * sequences;
		layers++;
	}
	return { bytes: layers * layerBytesPerSequence * sequences, perLayer, layerBytesPerSequence, layers };
}
