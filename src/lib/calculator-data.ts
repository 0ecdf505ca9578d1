import type { Catalog } from './catalog/load.ts';
import type { CalculatorBenchmark, CalculatorData, CalculatorFile, DeviceClass } from './calculator.ts';
import { collectDecodePoints, MIN_KIND_POINTS } from './engine/calibration.ts';
import { toDevice, toModelArch } from './engine/model-arch.ts';
import { calibrateDecode, type DecodePoint, type EfficiencyBand } from './engine/speed.ts';
import type { DeviceKind } from './engine/types.ts';
import { deriveModelRunInfo } from './run-commands.ts';

/** Device kinds of each class, as the GPU schema names them. */
const CLASS_KINDS: Record<DeviceClass, readonly DeviceKind[]> = {
	discrete: ['consumer', 'workstation', 'datacenter'],
	unified: ['apple-unified', 'unified'],
};

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

/**
 * Decode efficiency per device class, from the catalog's runs that fit on their GPUs (the
 * engine's collectDecodePoints), one point per setup. A class with fewer than MIN_KIND_POINTS
 * runs borrows the band of all runs.
 */
export function calibrateByClass(catalog: Catalog): Record<DeviceClass, EfficiencyBand> {
	const setups = new Map(
		catalog.benchmarks.map((b) => [b.id, [b.model.id, b.quant.id, ...b.gpus.map((g) => g.id), b.runtime].join('|')]),
	);
	const points = collectDecodePoints(catalog).map((p) => ({ ...p, setup: setups.get(p.id) ?? p.id }));
	const all = calibrateDecode(groupDecodePoints(points));
	const forClass = (kinds: readonly DeviceKind[]) => {
		const matching = points.filter((p) => p.deviceKinds.every((kind) => kinds.includes(kind)));
		return matching.length >= MIN_KIND_POINTS ? calibrateDecode(groupDecodePoints(matching)) : all;
	};
	return { discrete: forClass(CLASS_KINDS.discrete), unified: forClass(CLASS_KINDS.unified) };
}

/** Everything the calculator island needs from the catalog, with the calibrated speed band. */
export function deriveCalculatorData(catalog: Catalog): CalculatorData {
	const sources = new Map(catalog.sources.map((s) => [s.id, s]));
	const quantNames = new Map(catalog.quants.map((q) => [q.id, q.name]));
	const models = catalog.models.map((record) => {
		const files: Record<string, CalculatorFile> = {};
		for (const file of catalog.modelFiles.filter((f) => f.model.id === record.id)) {
			const quantName = quantNames.get(file.quant.id) ?? file.quant.id.toUpperCase();
			const ggufName = file.file.match(/[\w.-]+\.gguf/)?.[0];
			files[file.quant.id] = {
				sizeBytes: file.sizeBytes,
				file: ggufName ?? `${record.name.replace(/\s+/g, '-')}-${quantName}.gguf`,
				sourceLabel: sources.get(file.source.id)?.publisher ?? file.source.id,
			};
		}
		return {
			id: record.id,
			name: record.name,
			arch: toModelArch(record),
			files,
			run: deriveModelRunInfo(record, catalog.modelFiles, catalog.sources, quantNames),
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
		efficiency: calibrateByClass(catalog),
	};
}
