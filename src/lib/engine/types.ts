/**
 * Plain data shapes of the estimation engine. Nothing here depends on Astro or on the catalog
 * loader: the engine takes these objects and returns these objects.
 */

/** KV cache element types llama.cpp accepts for `-ctk` / `-ctv`. */
export const CACHE_TYPES = [
	'f32',
	'f16',
	'bf16',
	'q8_0',
	'q5_1',
	'q5_0',
	'q4_1',
	'q4_0',
	'iq4_nl',
] as const;
/** One of CACHE_TYPES. */
export type CacheType = (typeof CACHE_TYPES)[number];

/** Runtimes whose memory models the engine knows. */
export const ENGINE_RUNTIMES = ['llama.cpp', 'ollama', 'vllm', 'mlx'] as const;
/** One of ENGINE_RUNTIMES. */
export type Runtime = (typeof ENGINE_RUNTIMES)[number];

/**
 * Most layers a model may have. The config importer refuses more before it builds a per-layer
 * pattern, and the calculator's link carries no more.
 */
export const MAX_LAYERS = 1024;

/** Kinds of device, as in the GPU schema; they decide overhead and usable memory. */
export type DeviceKind = 'consumer' | 'workstation' | 'datacenter' | 'apple-unified' | 'unified';

/** An estimated figure with the range it can reasonably fall in, all in the same unit. */
export interface Band {
	/** Best estimate. */
	value: number;
	/** Low end of the plausible range. */
	low: number;
	/** High end of the plausible range. */
	high: number;
}

/** Multi-head latent attention (DeepSeek V2/V3, Kimi K2, GLM 4.7 Flash). */
export interface MlaArch {
	/** `kv_lora_rank`: width of the compressed KV latent the cache stores. */
	kvLoraRank: number;
	/** `qk_rope_head_dim`: rotary part kept beside the latent. */
	qkRopeHeadDim: number;
	/** `q_lora_rank`, when queries are compressed too; absent for a plain query projection. */
	qLoraRank?: number;
	/** `qk_nope_head_dim`: non-rotary part of each query/key head. */
	qkNopeHeadDim?: number;
	/** `v_head_dim`: width of each value head after decompression. */
	vHeadDim?: number;
}

/** Attention shape, shared by all attention layers of a model. */
export interface AttentionArch {
	/** Query heads. */
	heads: number;
	/** Key/value heads (fewer than `heads` under grouped-query attention). */
	kvHeads: number;
	/** Width of a key head. */
	headDim: number;
	/** Width of a value head when it differs from the key head. */
	headDimV?: number;
	/** Window of a sliding-window layer, in tokens. */
	slidingWindow?: number;
	/** Latent attention shape, for MLA models. */
	mla?: MlaArch;
	/** Whether the query projection also produces an output gate (Qwen3-Next, Qwen3.5). */
	outputGate?: boolean;
	/** Whether the q/k/v/o projections carry biases. */
	bias?: boolean;
	/** Whether q, k and v are one fused projection (Phi-3: `qkv_proj`, GGUF `attn_qkv`). */
	fusedQkv?: boolean;
}

/** Recurrent (state-space or linear-attention) layer shape. */
export interface RecurrentArch {
	/** Mamba 2 or Gated DeltaNet. */
	kind: 'mamba2' | 'gated-deltanet';
	/** Convolution width. */
	dConv: number;
	/** Inner width (Mamba heads x head dim, or value heads x value head dim). */
	dInner: number;
	/** State width (`ssm_state_size`, or the key head dim for Gated DeltaNet). */
	dState: number;
	/** Groups (`n_groups`, or the number of key heads for Gated DeltaNet). */
	nGroups: number;
	/** Mamba heads, or Gated DeltaNet value heads, when known. */
	heads?: number;
}

/** Mixture-of-experts shape. */
export interface MoeArch {
	/** Routed experts per MoE layer. */
	experts: number;
	/** Routed experts each token uses. */
	expertsPerToken: number;
	/** Shared (always-on) experts per MoE layer. */
	sharedExperts: number;
}

/**
 * Exact feed-forward shapes, known when the architecture comes from a config.json or a catalog
 * record that gives the widths. Without them the engine derives the feed-forward size from the
 * published parameter counts (see `params.ts`).
 */
export interface FfnArch {
	/** One character per layer: `M` MoE feed-forward, `D` dense feed-forward, `-` none. */
	kinds: string;
	/** Intermediate size of a dense feed-forward. */
	denseSize: number;
	/** Intermediate size of one routed expert. */
	expertSize: number;
	/** Intermediate size of all shared experts of a layer together. */
	sharedSize: number;
	/** Gated (gate, up, down: SwiGLU/GeGLU) or plain (up, down: squared ReLU). */
	gated: boolean;
	/** Whether gate and up are one fused projection (Phi-3: `gate_up_proj`, GGUF `ffn_up`). */
	fusedGateUp?: boolean;
	/** Whether the FFN sizes were derived from parameter totals rather than read. */
	derived?: boolean;
}

/** Everything the engine needs to know about a model, as plain data. */
export interface ModelArch {
	/** Catalog id, or a name made up from the config. */
	id: string;
	/** Display name. */
	name: string;
	/** Architecture class from the config (`architectures[0]`), e.g. "NemotronHForCausalLM". */
	architecture?: string;
	/** Total parameters (count). */
	totalParams: number;
	/** Parameters used per token (count). */
	activeParams: number;
	/** Blocks in the stack. */
	layers: number;
	/** Expanded layer pattern, one LAYER_KINDS letter per layer (F, S, R, E, D). */
	layerKinds: string;
	/** Residual width, `hidden_size`. */
	hiddenSize: number;
	/** Attention shape; absent for a model with no attention. */
	attention?: AttentionArch;
	/** Recurrent shape; present when layerKinds has R. */
	recurrent?: RecurrentArch;
	/** Mixture-of-experts shape. */
	moe?: MoeArch;
	/** Exact feed-forward shapes, when known. */
	ffn?: FfnArch;
	/** Vocabulary size. */
	vocabSize: number;
	/** Whether the output layer reuses the token embedding table. */
	tiedEmbeddings: boolean;
	/** Longest context the model was trained for, in tokens. */
	maxContext: number;
	/** Multi-token-prediction layers in the checkpoint (they hold no KV and are not counted). */
	mtpLayers?: number;
}

/** A GPU or unified-memory machine, reduced to what the engine uses. */
export interface Device {
	/** Catalog id. */
	id: string;
	/** Display name. */
	name: string;
	/** Physical memory in bytes. */
	memoryBytes: number;
	/** Peak memory bandwidth in bytes per second. */
	bandwidthBytesPerSecond: number;
	/** Kind of device. */
	kind: DeviceKind;
}

/** Extra weights loaded next to the model. */
export interface Extras {
	/** Vision projector (mmproj) file size in bytes. */
	visionProjectorBytes?: number;
	/** Draft model file size in bytes (speculative decoding). */
	draftModelBytes?: number;
	/** KV cache of the draft model in bytes at the chosen context. */
	draftKvBytes?: number;
}

/** Everything a memory estimate depends on. */
export interface EstimateInput {
	/** The model. */
	model: ModelArch;
	/** Quant id as in the catalog (`q4_k_m`, `iq4_xs`, `mxfp4`, `nvfp4`, `bf16`...). */
	quant: string;
	/** Size of the published file in bytes; when given it wins over the formula. */
	publishedWeightsBytes?: number;
	/** Context length per sequence, in tokens. */
	context: number;
	/** Parallel sequences (llama-server `--parallel`, Ollama's OLLAMA_NUM_PARALLEL). Default 1. */
	parallel?: number;
	/** Key cache type. Default f16. */
	cacheTypeK?: CacheType;
	/** Value cache type. Default: the key cache type. */
	cacheTypeV?: CacheType;
	/** Whether flash attention is on. Default true (llama.cpp's `auto` turns it on where supported). */
	flashAttention?: boolean;
	/** One KV buffer shared by all sequences (`--kv-unified`). Default false. */
	kvUnified?: boolean;
	/** Full-size cache for sliding-window layers (`--swa-full`). Default false. */
	swaFull?: boolean;
	/** Physical batch size, `-ub`. Default 512. */
	ubatch?: number;
	/** Logical batch size, `-b`. Default 2048. */
	batch?: number;
	/** Runtime whose memory model applies. Default llama.cpp. */
	runtime?: Runtime;
	/** GPUs, in order; empty or absent means CPU only. */
	devices?: Device[];
	/** Repeating layers kept on the CPU (the first ones, as with a lower `-ngl`). Default 0. */
	cpuLayers?: number;
	/** Layers whose routed experts stay on the CPU (`--n-cpu-moe`). Default 0. */
	cpuMoeLayers?: number;
	/** Vision projector, draft model. */
	extras?: Extras;
	/** Whether the first GPU also drives the desktop display. Default false. */
	displayAttached?: boolean;
	/** vLLM `--gpu-memory-utilization`. Default 0.9. */
	gpuMemoryUtilization?: number;
	/** Installed system RAM in bytes, to check the host side. */
	systemRamBytes?: number;
}

/** One device's share of the memory. */
export interface DeviceEstimate {
	/** Device id. */
	id: string;
	/** Device name. */
	name: string;
	/** Physical memory in bytes. */
	memoryBytes: number;
	/** Memory the runtime may use on this device, in bytes. */
	usableBytes: number;
	/** Repeating layers placed on this device. */
	layers: number;
	/** Weights on this device, in bytes. */
	weightsBytes: number;
	/** KV cache on this device, in bytes. */
	kvCacheBytes: number;
	/** Recurrent state on this device, in bytes. */
	recurrentStateBytes: number;
	/** Compute buffer on this device (estimate), in bytes. */
	computeBufferBytes: Band;
	/** Driver/context overhead on this device, in bytes. */
	overheadBytes: number;
	/** Vision projector and draft model on this device, in bytes. */
	extrasBytes: number;
	/** Sum of the above, in bytes. */
	totalBytes: Band;
	/** usableBytes minus totalBytes.value; negative when it does not fit. */
	headroomBytes: number;
	/** Whether the central estimate fits in usableBytes. */
	fits: boolean;
}

/** A memory estimate. Every figure is in bytes. */
export interface Estimate {
	/** Runtime whose memory model was applied. */
	runtime: Runtime;
	/** Cells the KV cache holds per full-attention layer (all sequences together). */
	kvCells: number;
	/** Cells per sliding-window layer (all sequences together). */
	swaCells: number;
	/** Weights in total: the file size, published or estimated. */
	weightsBytes: Band;
	/** Whether weightsBytes is the published file size or an estimate. */
	weightsSource: 'published' | 'estimated';
	/** Effective bits per weight of the file. */
	bitsPerWeight: number;
	/** Weights placed on GPUs (including a tied output copy). */
	weightsGpuBytes: number;
	/** Weights kept in system RAM (token embeddings, CPU layers, CPU experts). */
	weightsHostBytes: number;
	/** KV cache, all devices and host together. */
	kvCacheBytes: number;
	/** Part of the KV cache kept in system RAM (layers on the CPU). */
	kvCacheHostBytes: number;
	/** Recurrent state, all devices and host together. */
	recurrentStateBytes: number;
	/** Compute buffers of all GPUs (estimate). */
	computeBufferBytes: Band;
	/** Driver/context overhead of all GPUs. */
	overheadBytes: number;
	/** Output (logits) buffer, in host memory. */
	outputBufferBytes: number;
	/** Vision projector and draft model. */
	extrasBytes: number;
	/** GPU side in total. */
	totalBytes: Band;
	/** Host side in total (weights, KV, buffers kept in system RAM). */
	hostBytes: number;
	/** hostBytes with its band (the weights' and the compute buffer's). */
	hostTotalBytes: Band;
	/**
	 * Compute buffer in system RAM (estimate): the CPU backend's graph buffer beside the GPUs, or
	 * the whole compute buffer when there is no GPU. Part of hostBytes, not of computeBufferBytes.
	 */
	hostComputeBufferBytes: Band;
	/** Per-GPU rows. */
	devices: DeviceEstimate[];
	/** Whether every device fits (and the host, when its RAM is known). */
	fits: boolean;
	/** Smallest headroom over the devices, in bytes; negative when something does not fit. */
	headroomBytes: number;
	/**
	 * vLLM only: the KV pool it reserves, all GPUs together (its memory share minus weights,
	 * activations and overhead); the context fits when its KV cache is no larger.
	 */
	kvPoolBytes?: number;
	/** Plain-language warnings (quantized V cache without flash attention, context above training...). */
	warnings: string[];
}
