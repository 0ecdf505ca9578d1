import type { FfnArch, ModelArch } from './types.ts';

/**
 * What a tensor does, named after the GGUF tensor it becomes in llama.cpp. The quantization
 * recipe (quant-recipe.ts) decides a tensor's type from its role, the way llama.cpp's
 * tensor_get_category() reads the tensor name.
 */
export type TensorRole =
	| 'token_embd'
	| 'output'
	| 'attn_q'
	| 'attn_k'
	| 'attn_v'
	| 'attn_qkv'
	| 'attn_output'
	| 'attn_gate'
	| 'attn_q_a'
	| 'attn_q_b'
	| 'attn_kv_a'
	| 'attn_k_b'
	| 'attn_v_b'
	| 'ssm_in'
	| 'ssm_out'
	| 'ssm_small'
	| 'ffn_up'
	| 'ffn_gate'
	| 'ffn_down'
	| 'router'
	| 'float';

/** One weight tensor (or a group of identical small ones) of a model. */
export interface TensorSpec {
	/** What the tensor does. */
	role: TensorRole;
	/** Block index, or -1 for tensors outside the blocks (embeddings, output, final norm). */
	layer: number;
	/** Number of values. */
	params: number;
	/** Length of a row (ggml ne[0]), which must be a whole number of quant blocks. */
	rowLength: number;
	/** Whether this is a routed-expert tensor (3-D, only some experts run per token). */
	expert: boolean;
	/** Whether this belongs to the shared experts of a MoE layer. */
	shared: boolean;
	/** Whether llama-quantize may quantize it (2-D weights other than norms, router, conv). */
	quantizable: boolean;
}

/** Parameter counts by part of the model. */
export interface ParamBreakdown {
	/** Token embedding table. */
	embedding: number;
	/** Output layer (0 when tied to the embeddings). */
	output: number;
	/** Attention projections, norms and biases. */
	attention: number;
	/** Mamba / Gated DeltaNet projections, convolutions and state parameters. */
	recurrent: number;
	/** Dense feed-forward layers. */
	ffnDense: number;
	/** Shared experts. */
	ffnShared: number;
	/** Routed experts, all of them. */
	ffnExperts: number;
	/** Expert routers. */
	router: number;
	/** Layer norms and other small tensors. */
	other: number;
	/** Sum of all parts. */
	total: number;
	/** Parameters used per token: all but the routed experts, plus their active share. */
	active: number;
}

/** Architecture classes whose MLPs are plain (up, down: squared ReLU) rather than gated. */
export const NON_GATED_CLASSES = /^NemotronH/;

/** Architecture classes whose checkpoints fuse q/k/v and gate/up (Phi-3 family). */
export const FUSED_CLASSES = /^Phi3/;

/** Layer characters of the catalog pattern that carry attention. */
const ATTENTION_KINDS = new Set(['F', 'S']);

/**
 * The feed-forward shapes of a model: read from the config when the architecture has them,
 * otherwise derived from the published parameter counts (see deriveFfn).
 */
export function getFfn(arch: ModelArch): FfnArch {
	if (arch.ffn) return arch.ffn;
	let ffn = derivedCache.get(arch);
	if (!ffn) {
		ffn = deriveFfn(arch);
		derivedCache.set(arch, ffn);
	}
	return ffn;
}

/**
 * Derived shapes and tensor lists by architecture object. Architectures are plain data that the
 * engine never mutates, so an object computes to the same result every time it is passed.
 */
const derivedCache = new WeakMap<ModelArch, FfnArch>();
const tensorCache = new WeakMap<ModelArch, TensorSpec[]>();

/**
 * Which layers hold which feed-forward, when only the catalog pattern is known: models that
 * mark feed-forward layers (E, D: Nemotron-H) have them only there; otherwise every block has
 * one, MoE when the model is MoE.
 *
 * Simplification: a MoE model whose first blocks are dense (DeepSeek's first_k_dense_replace)
 * is treated as MoE throughout when its record lacks the widths (see toModelArch).
 */
function getDerivedFfnKinds(arch: ModelArch): string {
	const kinds = arch.layerKinds;
	if (/[ED]/.test(kinds)) {
		return [...kinds].map((kind) => (kind === 'E' ? 'M' : kind === 'D' ? 'D' : '-')).join('');
	}
	return (arch.moe ? 'M' : 'D').repeat(arch.layers);
}

/**
 * Derives feed-forward sizes from the published totals when the record lacks them. With A the
 * parameters outside the feed-forward (counted from shapes), E the routed experts and S the
 * dense and shared feed-forward: total = A + S + E and active = A + S + E k/n, so
 * E = (total - active) / (1 - k/n) and S = total - A - E.
 *
 * Simplifications, each costing a few percent of the estimated file size at most:
 * - Nemotron-H (by its architecture class) is taken to use plain squared-ReLU MLPs (up and
 *   down) and every other model gated MLPs (gate, up, down); the catalog has no activation field.
 * - When a model has both dense layers and shared experts, S is spread evenly over both.
 * - The sizes are real numbers, not the integers of the checkpoint.
 */
export function deriveFfn(arch: ModelArch): FfnArch {
	const kinds = getDerivedFfnKinds(arch);
	const className = arch.architecture ?? '';
	const gated = !NON_GATED_CLASSES.test(className);
	const matrices = gated ? 3 : 2;
	const hidden = arch.hiddenSize;
	const base: FfnArch = { kinds, denseSize: 0, expertSize: 0, sharedSize: 0, gated, derived: true };
	if (FUSED_CLASSES.test(className)) base.fusedGateUp = true;
	const outside = sumParams(listTensors({ ...arch, ffn: base }));

	const moeLayers = [...kinds].filter((kind) => kind === 'M').length;
	const denseLayers = [...kinds].filter((kind) => kind === 'D').length;
	let experts = 0;
	if (arch.moe && moeLayers > 0) {
		const share = arch.moe.expertsPerToken / arch.moe.experts;
		experts = Math.max(0, (arch.totalParams - arch.activeParams) / (1 - share));
		experts = Math.min(experts, Math.max(0, arch.totalParams - outside));
	}
	const rest = Math.max(0, arch.totalParams - outside - experts);

	const ffn: FfnArch = { ...base };
	if (arch.moe && moeLayers > 0) {
		ffn.expertSize = experts / (moeLayers * arch.moe.experts * matrices * hidden);
		const sharedLayers = arch.moe.sharedExperts > 0 || denseLayers === 0 ? moeLayers : 0;
		const slots = sharedLayers + denseLayers;
		const perLayer = slots > 0 ? rest / (slots * matrices * hidden) : 0;
		ffn.sharedSize = sharedLayers > 0 ? perLayer : 0;
		ffn.denseSize = denseLayers > 0 ? perLayer : 0;
	} else if (denseLayers > 0) {
		ffn.denseSize = rest / (denseLayers * matrices * hidden);
	}
	return ffn;
}

/**
 * Row length to assume for a derived feed-forward size, which decides whether 256-value quant
 * blocks fit (llama.cpp falls back to 32-value types when they do not). Published parameter
 * totals are often rounded ("8B"), so a derived size within 1% of a multiple of 256 is taken as
 * that multiple; otherwise the nearest multiple of 64 (Nemotron's 1856, gpt-oss's 2880). The
 * value count stays exact either way.
 */
export function guessRowLength(size: number): number {
	const by256 = Math.max(256, Math.round(size / 256) * 256);
	if (Math.abs(by256 - size) <= 0.01 * size) return by256;
	return Math.max(64, Math.round(size / 64) * 64);
}

/** Sums the values of a list of tensors. */
export function sumParams(tensors: readonly TensorSpec[]): number {
	let total = 0;
	for (const tensor of tensors) total += tensor.params;
	return total;
}

/** A 2-D weight that llama-quantize may quantize. */
function makeWeight(
	role: TensorRole,
	layer: number,
	rows: number,
	rowLength: number,
	extra: Partial<Pick<TensorSpec, 'expert' | 'shared'>> = {},
): TensorSpec {
	return {
		role,
		layer,
		params: rows * rowLength,
		rowLength,
		expert: extra.expert ?? false,
		shared: extra.shared ?? false,
		quantizable: true,
	};
}

/** A tensor kept in F32 (norms, biases, convolutions, routers, state parameters). */
function makeFloat(layer: number, params: number, role: TensorRole = 'float'): TensorSpec {
	return {
		role,
		layer,
		params,
		rowLength: Math.max(1, params),
		expert: false,
		shared: false,
		quantizable: false,
	};
}

/** Attention tensors of one block. */
function listAttentionTensors(arch: ModelArch, layer: number): TensorSpec[] {
	const attention = arch.attention;
	if (!attention) return [];
	const hidden = arch.hiddenSize;
	const tensors: TensorSpec[] = [];
	const mla = attention.mla;
	if (mla) {
		const rope = mla.qkRopeHeadDim;
		const nope = mla.qkNopeHeadDim ?? Math.max(0, attention.headDim - rope);
		const headV = mla.vHeadDim ?? attention.headDimV ?? nope;
		const queryWidth = attention.heads * (nope + rope);
		if (mla.qLoraRank) {
			tensors.push(makeWeight('attn_q_a', layer, mla.qLoraRank, hidden));
			tensors.push(makeFloat(layer, mla.qLoraRank));
			tensors.push(makeWeight('attn_q_b', layer, queryWidth, mla.qLoraRank));
		} else {
			tensors.push(makeWeight('attn_q', layer, queryWidth, hidden));
		}
		tensors.push(makeWeight('attn_kv_a', layer, mla.kvLoraRank + rope, hidden));
		tensors.push(makeFloat(layer, mla.kvLoraRank));
		// Current llama.cpp GGUFs split kv_b into per-head k_b {nope, kv_lora_rank, n_head} and
		// v_b {kv_lora_rank, v_head_dim, n_head}; ne[0] decides the quant block fit.
		tensors.push(makeWeight('attn_k_b', layer, mla.kvLoraRank * attention.heads, nope));
		tensors.push(makeWeight('attn_v_b', layer, headV * attention.heads, mla.kvLoraRank));
		tensors.push(makeWeight('attn_output', layer, hidden, attention.heads * headV));
		return tensors;
	}
	const headV = attention.headDimV ?? attention.headDim;
	const queryRows = attention.heads * attention.headDim * (attention.outputGate ? 2 : 1);
	const keyRows = attention.kvHeads * attention.headDim;
	const valueRows = attention.kvHeads * headV;
	if (attention.fusedQkv) {
		tensors.push(makeWeight('attn_qkv', layer, queryRows + keyRows + valueRows, hidden));
	} else {
		tensors.push(makeWeight('attn_q', layer, queryRows, hidden));
		tensors.push(makeWeight('attn_k', layer, keyRows, hidden));
		tensors.push(makeWeight('attn_v', layer, valueRows, hidden));
	}
	tensors.push(makeWeight('attn_output', layer, hidden, attention.heads * headV));
	if (attention.bias) tensors.push(makeFloat(layer, queryRows + keyRows + valueRows + hidden));
	return tensors;
}

/** Mamba-2 or Gated DeltaNet tensors of one block, named as llama.cpp names them. */
function listRecurrentTensors(arch: ModelArch, layer: number): TensorSpec[] {
	const recurrent = arch.recurrent;
	if (!recurrent) return [];
	const hidden = arch.hiddenSize;
	const { dConv, dInner, dState, nGroups } = recurrent;
	const groupWidth = 2 * nGroups * dState;
	if (recurrent.kind === 'mamba2') {
		// Simplification: without `heads` (catalog records), the per-head dt/A/D parameters and
		// the head share of in_proj are left out (under 0.1% of the layer).
		const heads = recurrent.heads ?? 0;
		return [
			makeWeight('ssm_in', layer, 2 * dInner + groupWidth + heads, hidden),
			makeFloat(layer, (dInner + groupWidth) * (dConv + 1)),
			makeFloat(layer, 3 * heads + dInner),
			makeWeight('ssm_out', layer, hidden, dInner),
		];
	}
	// Gated DeltaNet as llama.cpp loads Qwen3.5: attn_qkv (q, k, v), attn_gate (z), ssm_beta and
	// ssm_alpha (one value per value head), conv1d, dt, A, a gated norm and ssm_out.
	const valueHeads = recurrent.heads ?? Math.round(dInner / dState);
	return [
		makeWeight('attn_qkv', layer, groupWidth + dInner, hidden),
		makeWeight('attn_gate', layer, dInner, hidden),
		makeWeight('ssm_small', layer, 2 * valueHeads, hidden),
		makeFloat(layer, (groupWidth + dInner) * dConv + 2 * valueHeads + dState),
		makeWeight('ssm_out', layer, hidden, dInner),
	];
}

/** Feed-forward tensors of one block. */
function listFfnTensors(arch: ModelArch, ffn: FfnArch, layer: number): TensorSpec[] {
	const kind = ffn.kinds[layer] ?? '-';
	const hidden = arch.hiddenSize;
	const tensors: TensorSpec[] = [];
	const pushMlp = (size: number, extra: { expert?: boolean; shared?: boolean }, count: number) => {
		if (size <= 0 || count <= 0) return;
		if (ffn.gated && ffn.fusedGateUp) {
			tensors.push(makeWeight('ffn_up', layer, 2 * size * count, hidden, extra));
		} else {
			tensors.push(makeWeight('ffn_up', layer, size * count, hidden, extra));
			if (ffn.gated) tensors.push(makeWeight('ffn_gate', layer, size * count, hidden, extra));
		}
		const row = ffn.derived ? guessRowLength(size) : size;
		tensors.push(makeWeight('ffn_down', layer, (hidden * count * size) / row, row, extra));
	};
	if (kind === 'D') pushMlp(ffn.denseSize, {}, 1);
	if (kind === 'M' && arch.moe) {
		tensors.push(makeFloat(layer, arch.moe.experts * hidden, 'router'));
		pushMlp(ffn.expertSize, { expert: true }, arch.moe.experts);
		pushMlp(ffn.sharedSize, { shared: true }, 1);
	}
	return tensors;
}

/**
 * Lists the weight tensors of a model, block by block in file order, the way llama.cpp creates
 * them. Layer norms are counted as one small F32 tensor per block.
 */
export function listTensors(arch: ModelArch): TensorSpec[] {
	const cached = tensorCache.get(arch);
	if (cached) return cached;
	const tensors = buildTensorList(arch);
	tensorCache.set(arch, tensors);
	return tensors;
}

/** Builds the tensor list of listTensors(). */
function buildTensorList(arch: ModelArch): TensorSpec[] {
	const ffn = getFfn(arch);
	const hidden = arch.hiddenSize;
	const tensors: TensorSpec[] = [makeWeight('token_embd', -1, arch.vocabSize, hidden)];
	for (let layer = 0; layer < arch.layers; layer++) {
		const kind = arch.layerKinds[layer] ?? 'D';
		tensors.push(makeFloat(layer, 2 * hidden));
		if (ATTENTION_KINDS.has(kind)) tensors.push(...listAttentionTensors(arch, layer));
		if (kind === 'R') tensors.push(...listRecurrentTensors(arch, layer));
		tensors.push(...listFfnTensors(arch, ffn, layer));
	}
	tensors.push(makeFloat(-1, hidden));
	if (!arch.tiedEmbeddings) tensors.push(makeWeight('output', -1, arch.vocabSize, hidden));
	return tensors;
}

/** Roles counted as attention in the breakdown. */
const ATTENTION_ROLES = new Set<TensorRole>([
	'attn_q',
	'attn_k',
	'attn_v',
	'attn_output',
	'attn_q_a',
	'attn_q_b',
	'attn_kv_a',
	'attn_k_b',
	'attn_v_b',
]);

/** Roles counted as recurrent in the breakdown. */
const RECURRENT_ROLES = new Set<TensorRole>(['ssm_in', 'ssm_out', 'ssm_small', 'attn_gate']);

/**
 * Counts parameters from shapes, part by part. Without exact FFN shapes (catalog records) the
 * feed-forward is derived from the published totals, so the total matches them by construction;
 * with shapes from a config.json the count is independent and can be checked against them.
 */
export function countParams(arch: ModelArch): ParamBreakdown {
	const breakdown: ParamBreakdown = {
		embedding: 0,
		output: 0,
		attention: 0,
		recurrent: 0,
		ffnDense: 0,
		ffnShared: 0,
		ffnExperts: 0,
		router: 0,
		other: 0,
		total: 0,
		active: 0,
	};
	const recurrentLayers = new Set<number>();
	for (let layer = 0; layer < arch.layers; layer++) {
		if (arch.layerKinds[layer] === 'R') recurrentLayers.add(layer);
	}
	for (const tensor of listTensors(arch)) {
		const { role, params } = tensor;
		if (role === 'token_embd') breakdown.embedding += params;
		else if (role === 'output') breakdown.output += params;
		else if (role === 'router') breakdown.router += params;
		else if (tensor.expert) breakdown.ffnExperts += params;
		else if (tensor.shared) breakdown.ffnShared += params;
		else if (role === 'ffn_up' || role === 'ffn_gate' || role === 'ffn_down') breakdown.ffnDense += params;
		else if (ATTENTION_ROLES.has(role)) breakdown.attention += params;
		else if (RECURRENT_ROLES.has(role)) breakdown.recurrent += params;
		else if (role === 'attn_qkv') {
			if (recurrentLayers.has(tensor.layer)) breakdown.recurrent += params;
			else breakdown.attention += params;
		} else breakdown.other += params;
		breakdown.total += params;
	}
	const share = arch.moe ? arch.moe.expertsPerToken / arch.moe.experts : 1;
	breakdown.active = breakdown.total - breakdown.ffnExperts + breakdown.ffnExperts * share;
	return breakdown;
}
