/**
 * The estimation engine of Headroom: how much memory a model needs on given devices, the longest
 * context that fits, how fast it decodes, and architectures imported from a config.json. Pure
 * TypeScript with no Astro or Preact imports, so pages, islands, scripts and tests share it.
 */
export * from './types.ts';
export { GGML_TYPES, getBitsPerValue, getRowBytes, isGgmlType, type BlockLayout, type GgmlType } from './ggml-types.ts';
export { expandPattern, toDevice, toModelArch, type GpuRecord, type ModelRecord } from './model-arch.ts';
export {
	countParams,
	deriveFfn,
	getFfn,
	listTensors,
	type ParamBreakdown,
	type TensorRole,
	type TensorSpec,
} from './params.ts';
export {
	GGUF_DEFAULT_TYPES,
	getTensorType,
	isGgufFileType,
	usesMoreBits,
	type GgufFileType,
} from './quant-recipe.ts';
export {
	estimateWeights,
	getBitsPerWeight,
	isKnownQuant,
	WEIGHTS_BAND,
	type WeightOptions,
	type WeightPlan,
} from './weights.ts';
export {
	CELL_PADDING,
	estimateKvCache,
	getKvLayout,
	getKvRowWidths,
	isQuantizedCacheType,
	MAX_CONTEXT_TOKENS,
	MAX_SEQUENCES,
	pad256,
	toSequenceCount,
	type KvCacheEstimate,
	type KvCacheInput,
	type KvLayout,
} from './kv-cache.ts';
export {
	estimateRecurrentState,
	getRecurrentValuesPerLayer,
	RECURRENT_STATE_BYTES_PER_VALUE,
	type RecurrentStateEstimate,
} from './recurrent-state.ts';
export {
	APPLE_WORKING_SET,
	COMPUTE_BAND,
	DEVICE_OVERHEAD_BYTES,
	DISPLAY_RESERVE_BYTES,
	estimateComputeBuffer,
	estimateOutputBuffer,
	getDeviceOverhead,
	getUsableBytes,
	VISION_PROJECTOR_RUNTIME_FACTOR,
	VLLM_DEFAULT_UTILIZATION,
} from './buffers.ts';
export { buildMemoryModel, estimate, evaluateMemoryModel, type MemoryModel } from './estimate.ts';
export { solveMaxContext, solveMaxContextDetailed, type MaxContextResult } from './max-context.ts';
export { findCpuLayersToFit } from './offload.ts';
export {
	calibrateDecode,
	DEFAULT_DECODE_EFFICIENCY,
	estimateSpeed,
	getTheoreticalDecodeTps,
	PROMPT_TO_DECODE_RATIO,
	type DecodePoint,
	type EfficiencyBand,
	type SpeedBand,
	type SpeedEstimate,
	type SpeedInput,
} from './speed.ts';
export {
	calibrateFromCatalog,
	collectDecodePoints,
	MIN_KIND_POINTS,
	type CalibrationCatalog,
	type CalibrationOptions,
	type CatalogDecodePoint,
} from './calibration.ts';
export { importHfConfig, MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, type HfImportResult } from './hf-config.ts';
export { computeAccuracyRows, type AccuracyResult, type AccuracyRow } from './accuracy.ts';
export { benchEngine, type BenchResult } from './bench.ts';
