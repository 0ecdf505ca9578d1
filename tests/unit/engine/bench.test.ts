import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { benchEngine } from '../../../src/lib/engine/bench.ts';
import { calibrateFromCatalog, collectDecodePoints } from '../../../src/lib/engine/calibration.ts';
import type { ModelRecord } from '../../../src/lib/engine/model-arch.ts';

/** Llama 3.1 8B Instruct as a catalog record (values from its config.json). */
const llama = {
	id: 'llama-3-1-8b-instruct',
	name: 'Llama 3.1 8B Instruct',
	publisher: 'Meta',
	releaseDate: '2024-07-23',
	license: 'Llama 3.1 Community License',
	architectureName: 'LlamaForCausalLM',
	totalParams: 8_030_261_248,
	activeParams: 8_030_261_248,
	paramsSource: { id: 'card', collection: 'sources' },
	layers: 32,
	layerPattern: '(F)*32',
	hiddenSize: 4096,
	attention: { heads: 32, kvHeads: 8, headDim: 128 },
	vocabSize: 128256,
	tiedEmbeddings: false,
	maxContext: 131072,
	architectureSource: { id: 'cfg', collection: 'sources' },
	scores: [],
	huggingFace: 'https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct',
	ggufRepos: [],
	summary: 'Meta dense 8B instruction model.',
} satisfies ModelRecord;

const ref = (collection: string, id: string) => ({ id, collection });

const catalog = {
	models: [llama],
	gpus: [
		{ id: 'rtx-3090', shortName: 'RTX 3090', memoryGiB: 24, bandwidthGBps: 936, kind: 'consumer' as const },
		{ id: 'tiny', shortName: 'Tiny', memoryGiB: 2, bandwidthGBps: 100, kind: 'consumer' as const },
	],
	quants: [{ id: 'q4_k_m' }, { id: 'q8_0' }, { id: 'not-a-quant' }],
	modelFiles: [
		{
			id: 'llama-q4',
			model: ref('models', 'llama-3-1-8b-instruct'),
			quant: ref('quants', 'q4_k_m'),
			sizeBytes: 4_920_000_000,
			file: 'bartowski Q4_K_M',
			source: ref('sources', 's'),
		},
	],
	benchmarks: [
		{
			id: 'fits',
			model: ref('models', 'llama-3-1-8b-instruct'),
			quant: ref('quants', 'q4_k_m'),
			gpus: [ref('gpus', 'rtx-3090')],
			runtime: 'llama.cpp' as const,
			decodeTps: 100,
			date: '2026-01',
			source: ref('sources', 's'),
			evidence: 'measured' as const,
		},
		{
			id: 'does-not-fit',
			model: ref('models', 'llama-3-1-8b-instruct'),
			quant: ref('quants', 'q4_k_m'),
			gpus: [ref('gpus', 'tiny')],
			runtime: 'llama.cpp' as const,
			decodeTps: 5,
			date: '2026-01',
			source: ref('sources', 's'),
			evidence: 'measured' as const,
		},
	],
};

describe('benchEngine', () => {
	test('times one estimate, one solve and every model x quant x GPU', () => {
		const result = benchEngine(catalog);
		assert.equal(result.catalogRuns, 1 * 2 * 2);
		assert.ok(result.estimateMs >= 0 && result.maxContextMs >= 0 && result.catalogMs >= 0);
		assert.equal(result.perEstimateMs, result.catalogMs / result.catalogRuns);
	});
});

describe('collectDecodePoints', () => {
	test('pairs benchmarks with the bound and leaves out runs that did not fit the GPU', () => {
		const points = collectDecodePoints(catalog);
		assert.deepEqual(points.map((point) => point.id), ['fits']);
		// 4.92 GB file, 4.6 GB of it read per token on a 936 GB/s card: about 200 tok/s bound.
		assert.ok(points[0]!.theoreticalTps > 150 && points[0]!.theoreticalTps < 250);
	});
});

describe('calibrateFromCatalog', () => {
	const spark = { id: 'spark', shortName: 'Spark', memoryGiB: 128, bandwidthGBps: 273, kind: 'unified' as const };
	const onSpark = (decodeTps: number) => ({ ...catalog.benchmarks[0]!, id: `spark-${decodeTps}`, gpus: [ref('gpus', 'spark')], decodeTps });
	const mixed = {
		...catalog,
		gpus: [...catalog.gpus, spark],
		benchmarks: [...catalog.benchmarks, onSpark(40), onSpark(42), onSpark(44)],
	};

	test('calibrates on the named device kinds when enough benchmarks match', () => {
		assert.equal(calibrateFromCatalog(mixed, { deviceKinds: ['unified'] }).points, 3);
	});

	test('falls back to every benchmark when too few match the kinds', () => {
		// One benchmark on a consumer card that fits: fewer than MIN_KIND_POINTS (3).
		assert.equal(calibrateFromCatalog(mixed, { deviceKinds: ['consumer'] }).points, 4);
		assert.equal(calibrateFromCatalog(mixed).points, 4);
	});
});
