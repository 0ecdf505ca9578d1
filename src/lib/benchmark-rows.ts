import type { Catalog } from './catalog/load.ts';
import { getDeviceClass, type CalculatorData } from './calculator.ts';
import { findCpuLayersToFit } from './engine/offload.ts';
import type { ChartConfig } from './chart-config.ts';
import { estimate } from './engine/estimate.ts';
import { estimateSpeed, type SpeedBand } from './engine/speed.ts';
import type { Device } from './engine/types.ts';

/** A benchmark record beside the engine's estimate for the same setup, for table and chart. */
export interface BenchmarkRow {
	id: string;
	model: string;
	modelName: string;
	quant: string;
	quantName: string;
	gpus: string;
	runtime: string;
	flags?: string;
	contextDepth?: number;
	measuredTps: number;
	measuredTpsHigh?: number;
	/** The engine's band for the same setup; layers go to the CPU when it does not fit. */
	estimatedTps: SpeedBand;
	/** Layers the estimate keeps on the CPU (0 when everything fits on the GPUs). */
	cpuLayers: number;
	evidence: string;
	date: string;
	source: string;
	sourceUrl?: string;
}

/** Every benchmark with the engine's estimate for the same model, quant, GPUs and depth. */
export function deriveBenchmarkRows(catalog: Catalog, data: CalculatorData): BenchmarkRow[] {
	const sources = new Map(catalog.sources.map((s) => [s.id, s]));
	return catalog.benchmarks.flatMap((bench) => {
		const model = data.models.find((m) => m.id === bench.model.id);
		const devices = bench.gpus
			.map((g) => data.gpus.find((gpu) => gpu.id === g.id)?.device)
			.filter((d): d is Device => d !== undefined)
			.map((d, i) => ({ ...d, id: `${d.id}#${i}` }));
		if (!model || devices.length === 0) return [];
		const depth = bench.contextDepth ?? 0;
		const published = model.files[bench.quant.id]?.sizeBytes;
		const input = {
			model: model.arch,
			quant: bench.quant.id,
			...(published ? { publishedWeightsBytes: published } : {}),
			context: Math.min(Math.max(depth + 512, 4096), model.arch.maxContext),
			devices,
		};
		const cpuLayers = estimate(input).fits ? 0 : (findCpuLayersToFit(input) ?? 0);
		const speed = estimateSpeed({ ...input, cpuLayers, depth, efficiency: data.efficiency[getDeviceClass(devices)] });
		const source = sources.get(bench.source.id);
		const names = bench.gpus.map((g) => data.gpus.find((gpu) => gpu.id === g.id)?.name ?? g.id);
		return [
			{
				id: bench.id,
				model: bench.model.id,
				modelName: model.name,
				quant: bench.quant.id,
				quantName: data.quants.find((q) => q.id === bench.quant.id)?.name ?? bench.quant.id,
				gpus: names.length > 1 && new Set(names).size === 1 ? `${names.length}× ${names[0]}` : names.join(' + '),
				runtime: bench.runtimeVersion ? `${bench.runtime} ${bench.runtimeVersion}` : bench.runtime,
				...(bench.flags ? { flags: bench.flags } : {}),
				...(bench.contextDepth !== undefined ? { contextDepth: bench.contextDepth } : {}),
				measuredTps: bench.decodeTps,
				...(bench.decodeTpsHigh ? { measuredTpsHigh: bench.decodeTpsHigh } : {}),
				estimatedTps: speed.decodeTps,
				cpuLayers,
				evidence: bench.evidence,
				date: bench.date,
				source: source?.title ?? bench.source.id,
				...(source?.url ? { sourceUrl: source.url } : {}),
			},
		];
	});
}

/** Colours of the measured-vs-estimated chart, readable on light and dark backgrounds. */
export const BENCHMARK_CHART_COLOURS = { points: '#2f6db5', parity: '#8a8f98' };

/**
 * A scatter of measured against estimated decode speed, with the line where they would be equal.
 * Points above the line ran faster than the engine's central estimate.
 */
export function toBenchmarkChartConfig(rows: readonly BenchmarkRow[]): ChartConfig {
	const max = Math.max(10, ...rows.flatMap((r) => [r.measuredTps, r.estimatedTps.mid])) * 1.05;
	return {
		type: 'scatter',
		data: {
			datasets: [
				{
					label: 'Measured vs estimated (tok/s)',
					data: rows.map((r) => ({ x: Math.round(r.estimatedTps.mid * 10) / 10, y: r.measuredTps })),
					backgroundColor: BENCHMARK_CHART_COLOURS.points,
					borderColor: BENCHMARK_CHART_COLOURS.points,
					pointRadius: 4,
				},
				{
					label: 'Equal',
					type: 'line',
					data: [
						{ x: 0, y: 0 },
						{ x: max, y: max },
					],
					borderColor: BENCHMARK_CHART_COLOURS.parity,
					borderDash: [4, 4],
					borderWidth: 1,
					pointRadius: 0,
				},
			],
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			scales: {
				x: { type: 'linear', min: 0, max, title: { display: true, text: 'Estimated decode (tok/s, central)' } },
				y: { type: 'linear', min: 0, max, title: { display: true, text: 'Measured decode (tok/s)' } },
			},
			plugins: { legend: { position: 'bottom' } },
		},
	};
}

/** The chart's text alternative: how many runs sit inside the band, above it and below it. */
export function describeBenchmarkRows(rows: readonly BenchmarkRow[]): string {
	const inside = rows.filter((r) => r.measuredTps >= r.estimatedTps.low && r.measuredTps <= r.estimatedTps.high).length;
	const above = rows.filter((r) => r.measuredTps > r.estimatedTps.high).length;
	const below = rows.length - inside - above;
	return `Of ${rows.length} measured runs, ${inside} fall inside the engine's speed band, ${above} above it and ${below} below it.`;
}
