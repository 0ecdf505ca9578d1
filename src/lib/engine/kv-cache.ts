import { getRowBytes, type GgmlType } from './ggml-types.ts';
import type { CacheType, ModelArch } from './types.ts';

/** llama.cpp pads the context, and the sliding-window cache, to a multiple of this many cells. */
export const CELL_PADDING = 256;

/** Default physical batch (`-ub`) of llama.cpp. */
export const DEFAULT_UBATCH = 512;

/** Default logical batch (`-b`) of llama.cpp. */
export const DEFAULT_BATCH = 2048;

/**
 * Largest context llama.cpp accepts, in tokens: `-c` is read into common_params.n_ctx, an
 * int32_t. Callers that take a context from people (the command line) refuse more.
 */
export const MAX_CONTEXT_TOKENS = 2_147_483_647;

/**
 * Most sequences one llama.cpp context serves (LLAMA_MAX_SEQ): llama_context refuses more
 * ("n_seq_max must be <= 256"), so a larger `-np` never runs.
 */
export const MAX_SEQUENCES = 256;

/**
 * The sequences llama.cpp would serve for a `--parallel` value: a whole number from 1 to
 * MAX_SEQUENCES. Clamping keeps every sequence at least one padded block of cells; past the
 * limit, pad256(n_ctx / n_seq) would reach 0 cells and the cache would vanish.
 */
export function toSequenceCount(parallel: number | undefined): number {
	const wanted = Math.floor(parallel ?? 1);
	if (Number.isNaN(wanted) || wanted < 1) return 1;
	return Math.min(MAX_SEQUENCES, wanted);
}

/** Rounds up to a multiple of `step` (GGML_PAD). */
export function padTo(value: number, step: number): number {
	return Math.ceil(value / step) * step;
}

/** Rounds up to a multiple of 256 cells. */
export function pad256(value: number): number {
	return padTo(value, CELL_PADDING);
}

/** How llama.cpp lays out the KV cells for a context. */
export interface KvLayout {
	/** `n_ctx` after padding (all sequences together). */
	nCtx: number;
	/** Cells per stream of a full-attention layer (`n_ctx_seq`, or n_ctx when unified). */
	cellsPerStream: number;
	/** Cells per stream of a sliding-window layer. */
	swaCellsPerStream: number;
	/** Streams: one per sequence, or one when the cache is unified. */
	streams: number;
	/** Physical batch after llama.cpp clamps it to the context. */
	ubatch: number;
}

/** What a KV layout depends on. */
export interface KvLayoutInput {
	/** `-c`: context for all sequences together, in tokens. */
	context: number;
	/** Sequences (`-np`). Default 1. */
	parallel?: number;
	/** `--kv-unified`. Default false. */
	kvUnified?: boolean;
	/** `--swa-full`. Default false. */
	swaFull?: boolean;
	/** `-ub`. Default 512. */
	ubatch?: number;
	/** `-b`. Default 2048. */
	batch?: number;
	/** Sliding window of the model, in tokens (0 or absent when it has none). */
	slidingWindow?: number;
}

/**
 * Cells of the KV cache, following llama_context's constructor and llama_kv_cache_iswa
 * (src/llama-context.cpp, src/llama-kv-cache-iswa.cpp):
 * - n_seq is `parallel` clamped to 1..MAX_SEQUENCES (see toSequenceCount);
 * - n_batch = min(n_ctx, b), n_ubatch = min(n_batch, ub), then n_ctx = pad256(n_ctx);
 * - unified: one stream of n_ctx cells; otherwise n_seq streams of pad256(n_ctx / n_seq);
 * - sliding layers: pad256(min(cells, n_swa x (unified ? n_seq : 1) + n_ubatch)) per stream, or
 *   all cells with --swa-full.
 */
export function getKvLayout(input: KvLayoutInput): KvLayout {
	const parallel = toSequenceCount(input.parallel);
	const unified = input.kvUnified ?? false;
	const requested = Math.max(1, Math.floor(input.context));
	const batch = Math.min(requested, input.batch ?? DEFAULT_BATCH);
	const ubatch = Math.min(batch, input.ubatch ?? DEFAULT_UBATCH);
	const nCtxPadded = pad256(requested);
	const cellsPerStream = unified ? nCtxPadded : pad256(Math.floor(nCtxPadded / parallel));
	const streams = unified ? 1 : parallel;
	const window = input.slidingWindow ?? 0;
	let swaCellsPerStream = cellsPerStream;
	if (window > 0 && !input.swaFull) {
		swaCellsPerStream = pad256(Math.min(cellsPerStream, window * (unified ? parallel : 1) + ubatch));
	}
	return {
		nCtx: cellsPerStream * streams,
		cellsPerStream,
		swaCellsPerStream,
		streams,
		ubatch,
	};
}

/** Width of one layer's K and V rows (values per cell). */
export interface KvRowWidths {
	/** K values per cell. */
	k: number;
	/** V values per cell (0 for MLA, which stores no V). */
	v: number;
}

/**
 * K and V values per cell of one attention layer. MLA stores one latent "head" of
 * kv_lora_rank + qk_rope_head_dim values as K and no V (llama_kv_cache allocates V only when
 * !is_mla); `fullMla` gives the decompressed multi-head cache instead, as runtimes without MLA
 * support (or builds before 2026-01 for V) keep.
 */
export function getKvRowWidths(model: ModelArch, fullMla = false): KvRowWidths {
	const attention = model.attention;
	if (!attention) return { k: 0, v: 0 };
	const mla = attention.mla;
	if (mla && !fullMla) return { k: mla.kvLoraRank + mla.qkRopeHeadDim, v: 0 };
	if (mla) {
		const nope = mla.qkNopeHeadDim ?? Math.max(0, attention.headDim - mla.qkRopeHeadDim);
		const headV = mla.vHeadDim ?? attention.headDimV ?? nope;
		return { k: attention.heads * (nope + mla.qkRopeHeadDim), v: attention.heads * headV };
	}
	return {
		k: attention.kvHeads * attention.headDim,
		v: attention.kvHeads * (attention.headDimV ?? attention.headDim),
	};
}

/** What a KV cache estimate depends on. */
export interface KvCacheInput extends Omit<KvLayoutInput, 'slidingWindow'> {
	/** The model. */
	model: ModelArch;
	/** Key cache type. Default f16. */
	cacheTypeK?: CacheType;
	/** Value cache type. Default: the key type. */
	cacheTypeV?: CacheType;
	/** Flash attention on. Default true. */
	flashAttention?: boolean;
	/** Keep the decompressed multi-head cache for MLA models. Default false. */
	fullMla?: boolean;
}

/** A KV cache estimate. */
export interface KvCacheEstimate {
	/** Bytes of the whole cache. */
	bytes: number;
	/** Bytes per block; 0 for blocks without attention. */
	perLayer: number[];
	/** Bytes of one full-attention layer. */
	fullLayerBytes: number;
	/** Bytes of one sliding-window layer. */
	swaLayerBytes: number;
	/** Full-attention layers. */
	fullLayers: number;
	/** Sliding-window layers. */
	swaLayers: number;
	/** The cell layout. */
	layout: KvLayout;
	/** Plain-language warnings. */
	warnings: string[];
}

/** Types whose rows are quantized blocks; a quantized V cache needs flash attention. */
const QUANTIZED_CACHE_TYPES = new Set<CacheType>(['q8_0', 'q5_1', 'q5_0', 'q4_1', 'q4_0', 'iq4_nl']);

/** Whether a cache type is block-quantized. */
export function isQuantizedCacheType(type: CacheType): boolean {
	return QUANTIZED_CACHE_TYPES.has(type);
}

/**
 * Bytes of the KV cache. Only attention layers (F, S in the layer pattern) hold KV: recurrent,
 * MoE-only and MLP-only layers hold none. A full layer stores K and V rows for every cell of every
 * stream; a sliding layer only for its window cells. Rows are stored in the cache type's blocks,
 * so q8_0 costs 34 bytes per 32 values.
 */
export function estimateKvCache(input: KvCacheInput): KvCacheEstimate {
	const { model } = input;
	const typeK: CacheType = input.cacheTypeK ?? 'f16';
	const typeV: CacheType = input.cacheTypeV ?? typeK;
	const warnings: string[] = [];
	if (isQuantizedCacheType(typeV) && input.flashAttention === false) {
		warnings.push(
			`A quantized V cache (${typeV}) needs flash attention: llama.cpp refuses to start without it. Turn flash attention on (-fa on) or keep V in f16.`,
		);
	}
	const layout = getKvLayout({ ...input, slidingWindow: model.attention?.slidingWindow ?? 0 });
	const rows = getKvRowWidths(model, input.fullMla ?? false);
	const rowBytes =
		getRowBytes(typeK as GgmlType, rows.k) + (rows.v > 0 ? getRowBytes(typeV as GgmlType, rows.v) : 0);
	const fullLayerBytes = rowBytes * layout.cellsPerStream * layout.streams;
	const swaLayerBytes = rowBytes * layout.swaCellsPerStream * layout.streams;

	const perLayer = new Array<number>(model.layers).fill(0);
	let fullLayers = 0;
	let swaLayers = 0;
	for (let layer = 0; layer < model.layers; layer++) {
		const kind = model.layerKinds[layer];
		if (kind === 'F') {
			perLayer[layer] = fullLayerBytes;
			fullLayers++;
		} else if (kind === 'S') {
			perLayer[layer] = swaLayerBytes;
			swaLayers++;
		}
	}
	return {
		bytes: fullLayers * fullLayerBytes + swaLayers * swaLayerBytes,
		perLayer,
		fullLayerBytes,
		swaLayerBytes,
		fullLayers,
		swaLayers,
		layout,
		warnings,
	};
}
