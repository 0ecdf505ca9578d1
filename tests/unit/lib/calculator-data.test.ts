import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { calibrateByClass, deriveCalculatorData, groupDecodePoints } from '../../../src/lib/calculator-data.ts';

describe('groupDecodePoints', () => {
	test('gives each setup one point, the median efficiency over its depths', () => {
		const points = [
			{ setup: 'a', measuredTps: 70, theoreticalTps: 100 },
			{ setup: 'a', measuredTps: 80, theoreticalTps: 100 },
			{ setup: 'a', measuredTps: 90, theoreticalTps: 100 },
			{ setup: 'b', measuredTps: 30, theoreticalTps: 100 },
			{ setup: 'b', measuredTps: 50, theoreticalTps: 100 },
		];

		assert.deepEqual(groupDecodePoints(points), [
			{ measuredTps: 0.8, theoreticalTps: 1 },
			{ measuredTps: 0.4, theoreticalTps: 1 },
		]);
	});
});

describe('calibrateByClass', () => {
	test('unified-memory machines calibrate higher than discrete cards in the catalog', () => {
		const bands = calibrateByClass(loadCatalog('content'));

		assert.ok(bands.discrete.points >= 3, `discrete setups: ${bands.discrete.points}`);
		assert.ok(bands.unified.mid > bands.discrete.mid);
		assert.ok(bands.discrete.low <= bands.discrete.mid && bands.discrete.mid <= bands.discrete.high);
	});
});

describe('deriveCalculatorData', () => {
	test('ships every catalog model, quant and GPU, with where each quant can be fetched', () => {
		const catalog = loadCatalog('content');
		const data = deriveCalculatorData(catalog);

		assert.equal(data.models.length, catalog.models.length);
		assert.equal(data.gpus.length, catalog.gpus.length);
		const cascade = data.models.find((m) => m.id === 'nemotron-cascade-2-30b-a3b');
		assert.equal(cascade?.run?.ggufRefs['iq4_xs'], 'mradermacher/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS');
		assert.equal(cascade?.run?.ollamaTagQuant, 'q4_k_m');
		assert.equal(cascade?.files.iq4_xs?.sizeBytes, 18_200_000_000);
	});
});
