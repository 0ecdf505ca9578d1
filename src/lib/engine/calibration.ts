import type { Benchmark } from '../../schemas/benchmark.ts';
import type { ModelFile } from '../../schemas/model-file.ts';
import { estimate } from './estimate.ts';
import { toDevice, toModelArch, type GpuRecord, type ModelRecord } from './model-arch.ts';
import { calibrateDecode, estimateSpeed, type DecodePoint, type EfficiencyBand } from './speed.ts';
import type { DeviceKind, Runtime } from './types.ts';
import { isKnownQuant } from './weights.ts';

/** The parts of a catalog the calibration reads (records as the loader returns them). */
export interface CalibrationCatalog {
	models: readonly ModelRecord[];
	gpus: readonly GpuRecord[];
	modelFiles: readonly (ModelFile & { id: string })[];
	benchmarks: readonly (Benchmark & { id: string })[];
}

/** A decode point with the benchmark it came from. */
export interface CatalogDecodePoint extends DecodePoint {
	/** Benchmark id. */
	id: string;
	/** Kinds of the GPUs the benchmark ran on. */
	deviceKinds: DeviceKind[];
}

/** Options of `calibrateFromCatalog`. */
export interface CalibrationOptions {
	/**
	 * Calibrate only on benchmarks whose GPUs are all of these kinds. In the catalog, unified
	 * memory machines (DGX Spark) reach about 0.7-0.78 of their bandwidth bound and discrete cards
	 * about 0.28-0.58, so mixing them widens the band for both.
	 */
	deviceKinds?: readonly DeviceKind[];
}

/**
 * Fewest matching benchmarks for a per-kind calibration; with fewer, all benchmarks are used
 * (our choice: three points give a minimum, a median and a maximum).
 */
export const MIN_KIND_POINTS = 3;

/** Context assumed for a benchmark that does not state one (only the fit check uses it). */
const ASSUMED_BENCHMARK_CONTEXT = 4096;

/** The engine runtime whose memory model fits a benchmark's runtime. */
function toEngineRuntime(runtime: Benchmark['runtime'], quant: string): Runtime {
	if (runtime === 'llama.cpp' || runtime === 'ollama' || runtime === 'vllm' || runtime === 'mlx') {
		return runtime;
	}
	if (runtime === 'lm-studio') return 'llama.cpp';
	// "other": FP8 and NVFP4 checkpoints are served by vLLM-like runtimes, the rest by llama.cpp.
	return quant === 'fp8' || quant === 'nvfp4' ? 'vllm' : 'llama.cpp';
}

/**
 * Pairs each catalog benchmark with the engine's bandwidth bound for the same model, quant,
 * GPUs and depth. Benchmarks whose model does not fit their GPUs are left out: part of the model
 * then ran on the CPU with a split the record does not state. A published file size is used when
 * the catalog has one for the model and quant.
 */
export function collectDecodePoints(catalog: CalibrationCatalog): CatalogDecodePoint[] {
	const points: CatalogDecodePoint[] = [];
	for (const benchmark of catalog.benchmarks) {
		const record = catalog.models.find((model) => model.id === benchmark.model.id);
		const quant = benchmark.quant.id;
		if (!record || !isKnownQuant(quant)) continue;
		const gpus = benchmark.gpus.map((ref) => catalog.gpus.find((gpu) => gpu.id === ref.id));
		if (gpus.some((gpu) => gpu === undefined)) continue;
		const devices = gpus.map((gpu) => toDevice(gpu!));
		const file = catalog.modelFiles.find((item) => item.model.id === record.id && item.quant.id === quant);
		const input = {
			model: toModelArch(record),
			quant,
			context: benchmark.contextSize ?? ASSUMED_BENCHMARK_CONTEXT,
			devices,
			runtime: toEngineRuntime(benchmark.runtime, quant),
			...(file ? { publishedWeightsBytes: file.sizeBytes } : {}),
		};
		if (!estimate(input).fits) continue;
		const theoretical = estimateSpeed({ ...input, depth: benchmark.contextDepth ?? 0 }).theoreticalTps;
		const measured =
			benchmark.decodeTpsHigh !== undefined ? (benchmark.decodeTps + benchmark.decodeTpsHigh) / 2 : benchmark.decodeTps;
		points.push({
			id: benchmark.id,
			measuredTps: measured,
			theoreticalTps: theoretical,
			deviceKinds: devices.map((device) => device.kind),
		});
	}
	return points;
}

/**
 * Decode efficiency calibrated on the catalog's benchmarks (the default band when none qualify).
 * With `deviceKinds`, only benchmarks on those kinds of GPU count, unless fewer than
 * `MIN_KIND_POINTS` match.
 */
export function calibrateFromCatalog(catalog: CalibrationCatalog, options: CalibrationOptions = {}): EfficiencyBand {
	const points = collectDecodePoints(catalog);
	const kinds = options.deviceKinds;
	if (kinds && kinds.length > 0) {
		const matching = points.filter((point) => point.deviceKinds.every((kind) => kinds.includes(kind)));
		if (matching.length >= MIN_KIND_POINTS) return calibrateDecode(matching);
	}
	return calibrateDecode(points);
}
