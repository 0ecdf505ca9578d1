import type { ModelFile } from '../../schemas/model-file.ts';
import { estimate } from './estimate.ts';
import { solveMaxContext } from './max-context.ts';
import { toDevice, toModelArch, type GpuRecord, type ModelRecord } from './model-arch.ts';
import type { EstimateInput } from './types.ts';
import { isKnownQuant } from './weights.ts';

/** The parts of a catalog the benchmark walks. */
export interface BenchCatalog {
	models: readonly ModelRecord[];
	gpus: readonly GpuRecord[];
	quants: readonly { id: string }[];
	modelFiles: readonly (ModelFile & { id: string })[];
}

/** Timings of the engine, in milliseconds. */
export interface BenchResult {
	/** One estimate (the first model, quant and GPU of the catalog, 8192 tokens). */
	estimateMs: number;
	/** One max-context solve for the same input. */
	maxContextMs: number;
	/** Every model x quant x GPU of the catalog, one estimate each. */
	catalogMs: number;
	/** Estimates in the catalog run. */
	catalogRuns: number;
	/** catalogMs / catalogRuns. */
	perEstimateMs: number;
}

/** Context used by the benchmark runs, in tokens. */
const BENCH_CONTEXT = 8192;

/**
 * Times the engine with performance.now(): one estimate, one max-context solve, then one estimate
 * for every model x quant x GPU combination of the catalog (published file sizes used where the
 * catalog has them). Returns the figures; printing them is the caller's business.
 */
export function benchEngine(catalog: BenchCatalog): BenchResult {
	const quants = catalog.quants.map((quant) => quant.id).filter(isKnownQuant);
	const devices = catalog.gpus.map(toDevice);
	const inputs: EstimateInput[] = [];
	for (const record of catalog.models) {
		const model = toModelArch(record);
		for (const quant of quants) {
			const file = catalog.modelFiles.find((item) => item.model.id === record.id && item.quant.id === quant);
			for (const device of devices) {
				inputs.push({
					model,
					quant,
					context: BENCH_CONTEXT,
					devices: [device],
					...(file ? { publishedWeightsBytes: file.sizeBytes } : {}),
				});
			}
		}
	}
	const first = inputs[0];
	if (!first) return { estimateMs: 0, maxContextMs: 0, catalogMs: 0, catalogRuns: 0, perEstimateMs: 0 };

	let start = performance.now();
	estimate(first);
	const estimateMs = performance.now() - start;

	start = performance.now();
	solveMaxContext(first);
	const maxContextMs = performance.now() - start;

	start = performance.now();
	for (const input of inputs) estimate(input);
	const catalogMs = performance.now() - start;

	return {
		estimateMs,
		maxContextMs,
		catalogMs,
		catalogRuns: inputs.length,
		perEstimateMs: catalogMs / inputs.length,
	};
}
