import { getFfn } from './params.ts';
import type { Band, Device, DeviceKind, ModelArch, Runtime } from './types.ts';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/**
 * Memory a GPU loses to the driver/CUDA context before any model loads, by device kind.
 * Sources: llama.cpp PR #23604 measured the CUDA primary context at 107 MiB on an RTX 4060 Ti
 * and 555 MiB on an RTX PRO 6000 (it scales with the SM count); llama.cpp PR #20595 gives
 * 120-550 MB depending on the GPU; Unsloth PR #6718 measured about 330 MiB on a 24 GB card and
 * budgets 320 MiB. Consumer cards take Unsloth's measurement, workstation and datacenter parts
 * the largest measured figure. Apple Silicon has no such reserve: its limit is the working set.
 */
export const DEVICE_OVERHEAD_BYTES: Record<DeviceKind, number> = {
	consumer: 330 * MIB,
	workstation: 555 * MIB,
	datacenter: 555 * MIB,
	'apple-unified': 0,
	unified: 330 * MIB,
};

/**
 * Extra memory taken on a card that also drives the desktop: Windows Task Manager reports about
 * 1 GB for the compositor (dwm.exe) alone (systeminformer issue #2672); browsers with hardware
 * acceleration add more. A round 1 GiB is charged.
 */
export const DISPLAY_RESERVE_BYTES = 1 * GIB;

/**
 * Share of unified memory macOS lets the GPU wire by default (Metal's
 * recommendedMaxWorkingSetSize): about 2/3 on machines up to 36 GB, about 3/4 above. Evidence:
 * a 16 GB M4 reports 10.67 GB (exo PR #1672); a 64 GB M2 Max fails to load past about 47-48 GB
 * (llama.cpp issue #1870). `sysctl iogpu.wired_limit_mb` raises it.
 */
export const APPLE_WORKING_SET = { smallFraction: 2 / 3, largeFraction: 3 / 4, thresholdBytes: 36 * GIB };

/** vLLM's default `--gpu-memory-utilization`. */
export const VLLM_DEFAULT_UTILIZATION = 0.9;

/**
 * A vision projector allocates more than its file size once an image is encoded: Unsloth PR #6718
 * measured 1158 MiB at runtime for an 884 MiB mmproj file.
 */
export const VISION_PROJECTOR_RUNTIME_FACTOR = 1158 / 884;

/**
 * Range of the compute-buffer estimate around its central value. The structural model below
 * reproduced two logged llama.cpp runs within 8% (see estimateComputeBuffer); graphs of other
 * architectures can allocate more, so the band is wider above than below.
 */
export const COMPUTE_BAND = { low: 0.85, high: 1.3 } as const;

/** vLLM's activation estimate is rougher (CUDA graphs, sampler buffers): a wider band. */
export const VLLM_COMPUTE_BAND = { low: 0.6, high: 2 } as const;

/**
 * Tokens of the largest batch vLLM profiles activations with (`max_num_batched_tokens`).
 * Assumption: the V1 engine's chunked-prefill default for the OpenAI-compatible server.
 */
export const VLLM_PROFILE_TOKENS = 8192;

/** Sequences whose logits vLLM computes at once (`max_num_seqs`). Assumption: vLLM's default. */
export const VLLM_MAX_SEQS = 256;

/** Tokens MLX-LM processes per prefill step. Assumption: mlx-lm's default `prefill_step_size`. */
export const MLX_PREFILL_STEP = 2048;

/**
 * Memory the runtime may use on a device. Discrete GPUs: all of it (overhead is charged
 * separately). Apple Silicon: the default working-set share. vLLM: its utilization share of the
 * card (it pre-allocates that much and no more).
 */
export function getUsableBytes(device: Device, runtime: Runtime, utilization = VLLM_DEFAULT_UTILIZATION): number {
	if (runtime === 'vllm') return device.memoryBytes * utilization;
	if (device.kind === 'apple-unified') {
		const { smallFraction, largeFraction, thresholdBytes } = APPLE_WORKING_SET;
		return device.memoryBytes * (device.memoryBytes > thresholdBytes ? largeFraction : smallFraction);
	}
	return device.memoryBytes;
}

/** Driver/context overhead of a device, plus the desktop's share when it drives the display. */
export function getDeviceOverhead(device: Device, runtime: Runtime, displayAttached = false): number {
	if (runtime === 'mlx') return 0;
	return DEVICE_OVERHEAD_BYTES[device.kind] + (displayAttached ? DISPLAY_RESERVE_BYTES : 0);
}

/**
 * Output (logits) buffer: vocab x n_seq x 4 bytes in host memory (llama_context::output_reserve
 * reserves outputs for n_seq_max sequences at start).
 */
export function estimateOutputBuffer(vocabSize: number, parallel = 1): number {
	return vocabSize * Math.max(1, Math.floor(parallel)) * 4;
}

/** What a device's compute buffer depends on. */
export interface ComputeBufferInput {
	/** The model. */
	model: ModelArch;
	/** Runtime. */
	runtime: Runtime;
	/** Physical batch, in tokens. */
	ubatch: number;
	/** Flash attention on. */
	flashAttention: boolean;
	/** Whether the KV cache is block-quantized (flash attention then converts it to F16). */
	quantizedCache: boolean;
	/** Values per cell of one layer's K and V rows together. */
	kvRowValues: number;
	/** Whether this device holds attention layers. */
	hasAttention: boolean;
	/** Whether this device holds recurrent layers. */
	hasRecurrent: boolean;
	/** Whether this device holds feed-forward layers. */
	hasFfn: boolean;
	/** Whether this device computes the output layer (the logits). */
	hasOutput: boolean;
}

/**
 * A compute buffer as a function of the KV cells an attention layer reads:
 * max(fixed, perCell x cells) + added, with a band given as factors of the value.
 */
export interface ComputeParts {
	/** Largest term that does not grow with the context, in bytes. */
	fixed: number;
	/** Bytes per cell of the term that grows with the context. */
	perCell: number;
	/** Bytes always added on top. */
	added: number;
	/** Low end of the band as a factor of the value. */
	lowFactor: number;
	/** High end of the band as a factor of the value. */
	highFactor: number;
}

/** Widest feed-forward intermediate a token goes through (dense, or k experts + shared). */
function getFfnWidth(model: ModelArch): number {
	const ffn = getFfn(model);
	let width = 0;
	if (ffn.kinds.includes('D')) width = Math.max(width, ffn.denseSize);
	if (ffn.kinds.includes('M') && model.moe) {
		width = Math.max(width, model.moe.expertsPerToken * ffn.expertSize + ffn.sharedSize);
	}
	return width;
}

/**
 * The compute buffer of one device: memory ggml's graph allocator reserves for the intermediate
 * tensors of the largest batch. It has no closed form; this is a structural estimate. The
 * allocator reuses memory between layers, so the buffer is about the largest of:
 * - the logits of a whole batch, vocab x ubatch x 4 bytes (only where the output layer runs);
 * - without flash attention, the attention scores, cells x ubatch x heads x 4 bytes;
 * - with flash attention and a quantized cache, one layer's K and V converted to F16;
 * - the query/key/value activations, ubatch x heads x head_dim x 4 bytes x 3;
 * - the feed-forward intermediates, ubatch x width x 4 bytes x 2 (gate and up);
 * - the recurrent projections, ubatch x in-projection width x 4 bytes x 2;
 * plus a few hidden-state copies, ubatch x hidden x 4 bytes x 3.
 *
 * Checked against llama.cpp logs with flash attention off and ub = 512 of a model with 32 KV-heavy
 * layers and a 32,768-token vocabulary (Mistral-7B-shaped, by its logged KV and output sizes;
 * fedora-copr/logdetective PR #106): 164 MiB logged at n_ctx 2048 (152 estimated with 32 heads)
 * and 2144 MiB at 32768 (2072 estimated). vLLM and MLX use the same structure with their batch
 * sizes and 2-byte activations; those figures are rougher.
 */
export function getComputeParts(input: ComputeBufferInput): ComputeParts {
	const { model } = input;
	const vllm = input.runtime === 'vllm';
	const mlx = input.runtime === 'mlx';
	const tokens = vllm ? VLLM_PROFILE_TOKENS : mlx ? MLX_PREFILL_STEP : input.ubatch;
	const activationBytes = vllm || mlx ? 2 : 4;
	const flash = vllm || mlx ? true : input.flashAttention;

	const terms: number[] = [0];
	let perCell = 0;
	if (input.hasOutput) {
		const logitRows = vllm ? Math.min(tokens, VLLM_MAX_SEQS) : tokens;
		terms.push(model.vocabSize * logitRows * 4);
	}
	const attention = model.attention;
	if (input.hasAttention && attention) {
		if (!flash) perCell = tokens * attention.heads * 4;
		else if (input.quantizedCache) perCell = input.kvRowValues * 2;
		terms.push(tokens * attention.heads * attention.headDim * activationBytes * 3);
	}
	if (input.hasFfn) terms.push(tokens * getFfnWidth(model) * activationBytes * 2);
	if (input.hasRecurrent && model.recurrent) {
		const { dInner, nGroups, dState } = model.recurrent;
		terms.push(tokens * (2 * dInner + 2 * nGroups * dState) * activationBytes * 2);
	}
	const band = vllm ? VLLM_COMPUTE_BAND : COMPUTE_BAND;
	return {
		fixed: Math.max(...terms),
		perCell,
		added: tokens * model.hiddenSize * activationBytes * 3,
		lowFactor: band.low,
		highFactor: band.high,
	};
}

/** Evaluates compute parts at a number of KV cells. */
export function evaluateComputeParts(parts: ComputeParts, cells: number): Band {
	const value = Math.max(parts.fixed, parts.perCell * cells) + parts.added;
	return { value, low: value * parts.lowFactor, high: value * parts.highFactor };
}

/** The compute buffer of one device at a number of KV cells (see getComputeParts). */
export function estimateComputeBuffer(input: ComputeBufferInput & { kvCells: number }): Band {
	return evaluateComputeParts(getComputeParts(input), input.kvCells);
}

/**
 * The host-side compute buffer (CUDA_Host in llama.cpp logs): the input embeddings of a batch,
 * ubatch x hidden x 4 bytes, and the attention mask, cells x ubatch x 4 bytes (F16 with flash
 * attention). The logdetective run above logs 12.01 MiB at n_ctx 2048 and 72.01 MiB at 32768;
 * this gives 12 and 72.
 */
export function getHostComputeParts(model: ModelArch, ubatch: number, flashAttention: boolean): ComputeParts {
	return {
		fixed: 0,
		perCell: model.attention ? ubatch * (flashAttention ? 2 : 4) : 0,
		added: ubatch * model.hiddenSize * 4,
		lowFactor: 1,
		highFactor: 1,
	};
}
