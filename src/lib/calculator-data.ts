import type { Catalog } from './catalog/load.ts';
import type { CalculatorBenchmark, CalculatorData, CalculatorFile } from './calculator.ts';
import { toDevice, toModelArch } from './engine/model-arch.ts';
import { estimate } from './engine/estimate.ts';
import { calibrateDecode, getTheoreticalDecodeTps, type DecodePoint } from './engine/speed.ts';
import type { Device } from './engine/types.ts';

/** Reads `owner/name` from a Hugging Face repository address. */
function getHubRepo(url: string | undefined): string | undefined {
	const match = url?.match(/^https:\/\/huggingface\.co\/([\w.-]+\/[\w.-]+)\/?$/);
	return match?.[1];
}

/** The engine's runtime for a benchmark's runtime; others are sized like llama.cpp. */
function toEngineRuntime(runtime: string): 'llama.cpp' | 'ollama' | 'vllm' | 'mlx' {
	return runtime === 'ollama' || runtime === 'vllm' || runtime === 'mlx' ? runtime : 'llama.cpp';
}

/**
 * Pairs each measured benchmark with the engine's bandwidth bound for the same model, quant,
 * devices and depth. Their ratio is the efficiency the speed band is calibrated on. Runs that
 * cannot have fitted on their GPUs are left out: they were partly offloaded, so their speed says
 * nothing about how well a runtime uses GPU bandwidth.
 */
export function deriveDecodePoints(catalog: Catalog): Array<DecodePoint & { id: string; setup: string }> {
	const models = new Map(catalog.models.map((m) => [m.id, toModelArch(m)]));
	const gpus = new Map(catalog.gpus.map((g) => [g.id, toDevice(g)]));
	const files = new Map(catalog.modelFiles.map((f) => [`${f.model.id}/${f.quant.id}`, f.sizeBytes]));
	const points: Array<DecodePoint & { id: string; setup: string }> = [];
	for (const bench of catalog.benchmarks) {
		const model = models.get(bench.model.id);
		const devices = bench.gpus.map((g) => gpus.get(g.id)).filter((d): d is Device => d !== undefined);
		if (!model || devices.length !== bench.gpus.length) continue;
		const published = files.get(`${bench.model.id}/${bench.quant.id}`);
		const depth = bench.contextDepth ?? 0;
		const input = {
			model,
			quant: bench.quant.id,
			...(published ? { publishedWeightsBytes: published } : {}),
			context: Math.max(depth + 512, 4096),
			runtime: toEngineRuntime(bench.runtime),
			devices: devices.map((d, i) => ({ ...d, id: `${d.id}#${i}` })),
		};
		if (!estimate(input).fits) continue;
		const theoreticalTps = getTheoreticalDecodeTps({ ...input, depth });
		if (Number.isFinite(theoreticalTps) && theoreticalTps > 0) {
			const setup = [bench.model.id, bench.quant.id, ...bench.gpus.map((g) => g.id), bench.runtime].join('|');
			points.push({ id: bench.id, setup, measuredTps: bench.decodeTps, theoreticalTps });
		}
	}
	return points;
}

/**
 * One efficiency per setup (model, quant, GPUs, runtime): the median over the depths it was
 * measured at. Otherwise a setup measured at five depths would outvote five setups measured once.
 */
export function groupDecodePoints(points: ReadonlyArray<DecodePoint & { setup: string }>): DecodePoint[] {
	const groups = new Map<string, number[]>();
	for (const point of points) {
		const ratios = groups.get(point.setup) ?? [];
		ratios.push(point.measuredTps / point.theoreticalTps);
		groups.set(point.setup, ratios);
	}
	return [...groups.values()].map((ratios) => {
		const sorted = [...ratios].sort((a, b) => a - b);
		const middle = sorted.length / 2;
		const median = sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
		return { measuredTps: median, theoreticalTps: 1 };
	});
}

/** Everything the calculator island needs from the catalog, with the calibrated speed band. */
export function deriveCalculatorData(catalog: Catalog): CalculatorData {
	const sources = new Map(catalog.sources.map((s) => [s.id, s]));
	const quantNames = new Map(catalog.quants.map((q) => [q.id, q.name]));
	const models = catalog.models.map((record) => {
		const repo = getHubRepo(record.ggufRepos[0]);
		const files: Record<string, CalculatorFile> = {};
		for (const file of catalog.modelFiles.filter((f) => f.model.id === record.id)) {
			const quantName = quantNames.get(file.quant.id) ?? file.quant.id.toUpperCase();
			const ggufName = file.file.match(/[\w.-]+\.gguf/)?.[0];
			files[file.quant.id] = {
				sizeBytes: file.sizeBytes,
				file: ggufName ?? `${record.name.replace(/\s+/g, '-')}-${quantName}.gguf`,
				...(repo ? { hubRef: `${repo}:${quantName}` } : {}),
				sourceLabel: sources.get(file.source.id)?.publisher ?? file.source.id,
			};
		}
		return {
			id: record.id,
			name: record.name,
			arch: toModelArch(record),
			...(record.ollamaTag ? { ollamaTag: record.ollamaTag } : {}),
			files,
		};
	});
	const benchmarks: CalculatorBenchmark[] = catalog.benchmarks.map((b) => {
		const source = sources.get(b.source.id);
		return {
			id: b.id,
			model: b.model.id,
			quant: b.quant.id,
			gpus: b.gpus.map((g) => g.id),
			runtime: b.runtime,
			decodeTps: b.decodeTps,
			...(b.decodeTpsHigh ? { decodeTpsHigh: b.decodeTpsHigh } : {}),
			...(b.contextDepth !== undefined ? { contextDepth: b.contextDepth } : {}),
			evidence: b.evidence,
			date: b.date,
			sourceTitle: source?.title ?? b.source.id,
			...(source?.url ? { sourceUrl: source.url } : {}),
		};
	});
	return {
		models,
		quants: catalog.quants.map((q) => ({ id: q.id, name: q.name })),
		gpus: catalog.gpus.map((g) => ({ id: g.id, name: g.shortName, device: toDevice(g) })),
		benchmarks,
		efficiency: calibrateDecode(groupDecodePoints(deriveDecodePoints(catalog))),
	};
}
