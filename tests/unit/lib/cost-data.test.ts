import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import { createCostState, deriveCostData, fillFromGpu } from '../../../src/lib/cost-data.ts';

const catalog = loadCatalog('content');
const data = deriveCostData(catalog, deriveCalculatorData(catalog));

describe('createCostState', () => {
	test("opens with the article's used RTX 3090 and the A40 rental it names", () => {
		const state = createCostState(data, {
			gpu: 'rtx-3090',
			purchase: 'rtx-3090-used-2026-06-article',
			rental: 'a40-runpod-2026-06-article',
		});

		assert.equal(state.purchasePrice, 480);
		assert.equal(state.condition, 'used');
		assert.equal(state.cloudPricePerHour, 0.44);
		assert.equal(state.months, 24);
		assert.equal(state.electricityPricePerKWh, 0.12);
		assert.equal(state.powerW, 350);
	});
});

describe('fillFromGpu', () => {
	test("takes a linked GPU's price and power when the link does not give them", () => {
		const base = createCostState(data, { gpu: 'rtx-3090' });
		const linked = { ...base, gpu: 'rtx-5090', tokensPerSecond: 200 };

		const filled = fillFromGpu(linked, new URLSearchParams('g=rtx-5090&tps=200'), data);

		assert.equal(filled.powerW, 575);
		assert.notEqual(filled.purchasePrice, base.purchasePrice);
		assert.equal(filled.tokensPerSecond, 200);
	});

	test('keeps what the link states', () => {
		const base = createCostState(data, { gpu: 'rtx-3090' });

		const filled = fillFromGpu({ ...base, gpu: 'rtx-5090', powerW: 400 }, new URLSearchParams('g=rtx-5090&w=400'), data);

		assert.equal(filled.powerW, 400);
	});
});
