import { loadCatalog } from '../../src/lib/catalog/load.ts';
import { benchEngine, type BenchResult } from '../../src/lib/engine/bench.ts';
import { estimate } from '../../src/lib/engine/estimate.ts';
import { solveMaxContext } from '../../src/lib/engine/max-context.ts';
import { toDevice, toModelArch } from '../../src/lib/engine/model-arch.ts';
import type { EstimateInput } from '../../src/lib/engine/types.ts';
import { isKnownQuant } from '../../src/lib/engine/weights.ts';
import { getMedian } from './report.ts';

/** Calls of the same input timed together for the steady-state figures. */
const REPEATS = 1000;

/** The engine's timings on the catalog. */
export interface EngineTimings {
	/** benchEngine's first run in this process, before the JIT has compiled anything. */
	cold: BenchResult;
	/** Median of each of benchEngine's figures over the warm runs. */
	warm: BenchResult;
	/** Warm runs the median is taken over. */
	warmRuns: number;
	/** Mean time of one estimate when the same input is estimated again and again, in ms. */
	repeatedEstimateMs: number;
	/** Mean time of one max-context solve, same input again and again, in ms. */
	repeatedMaxContextMs: number;
	/** Models, quants and GPUs in the catalog. */
	counts: { models: number; quants: number; gpus: number };
}

/** Times `run` called `times` times in a row; returns the mean of one call in milliseconds. */
function timeRepeated(run: () => unknown, times: number): number {
	const started = performance.now();
	for (let call = 0; call < times; call++) run();
	return (performance.now() - started) / times;
}

/**
 * Times the engine on the catalog in `contentDir` with benchEngine: one cold run, then
 * `warmRuns` more. Also times the input benchEngine starts with (the first model, known quant
 * and GPU, 8192 tokens) estimated over and over, which is what a page pays once warm.
 */
export function measureEngine(contentDir: string, warmRuns: number): EngineTimings {
	const catalog = loadCatalog(contentDir);
	const cold = benchEngine(catalog);
	const runs: BenchResult[] = [];
	for (let run = 0; run < warmRuns; run++) runs.push(benchEngine(catalog));

	let repeatedEstimateMs = Number.NaN;
	let repeatedMaxContextMs = Number.NaN;
	const model = catalog.models[0];
	const quant = catalog.quants.map((item) => item.id).find(isKnownQuant);
	const gpu = catalog.gpus[0];
	if (model && quant && gpu) {
		const input: EstimateInput = {
			model: toModelArch(model),
			quant,
			context: 8192,
			devices: [toDevice(gpu)],
		};
		repeatedEstimateMs = timeRepeated(() => estimate(input), REPEATS);
		repeatedMaxContextMs = timeRepeated(() => solveMaxContext(input), REPEATS / 10);
	}

	const medianOf = (pick: (result: BenchResult) => number) => getMedian(runs.map(pick));
	return {
		cold,
		warm: {
			estimateMs: medianOf((result) => result.estimateMs),
			maxContextMs: medianOf((result) => result.maxContextMs),
			catalogMs: medianOf((result) => result.catalogMs),
			catalogRuns: cold.catalogRuns,
			perEstimateMs: medianOf((result) => result.perEstimateMs),
		},
		warmRuns,
		repeatedEstimateMs,
		repeatedMaxContextMs,
		counts: {
			models: catalog.models.length,
			quants: catalog.quants.length,
			gpus: catalog.gpus.length,
		},
	};
}
