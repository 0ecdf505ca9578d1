import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FUZZ_RUNS } from '../fuzz.ts';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import { CURRENCIES, isValidCostState, type CostState } from '../../../src/lib/cost.ts';
import {
	ARTICLE_COST_EXAMPLE,
	applyGpuChoice,
	createCostState,
	createExampleCostState,
	decodeCostLink,
	deriveCostData,
	deriveCostLinkDefaults,
	encodeCostLink,
} from '../../../src/lib/cost-data.ts';

const catalog = loadCatalog('content');
const data = deriveCostData(catalog, deriveCalculatorData(catalog));
const defaults = createExampleCostState(data, ARTICLE_COST_EXAMPLE);
const gpuById = (id: string) => data.gpus.find((gpu) => gpu.id === id)!;

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

describe('createExampleCostState', () => {
	test("takes every input of the article's worked example as it states it", () => {
		assert.equal(defaults.gpu, 'rtx-3090');
		assert.equal(defaults.purchasePrice, 500);
		assert.equal(defaults.condition, 'used');
		assert.equal(defaults.months, 24);
		assert.equal(defaults.resaleValue, 0);
		assert.equal(defaults.powerW, 285);
		assert.equal(defaults.electricityPricePerKWh, 0.12);
		assert.equal(defaults.hoursPerMonth, 30);
		assert.equal(defaults.cloudPricePerHour, 0.5);
		assert.equal(defaults.currency, 'USD');
	});

	test("takes the engine's speed for the reference model on the example's card", () => {
		assert.equal(defaults.tokensPerSecond, gpuById('rtx-3090').estimatedTps);
		assert.ok(defaults.tokensPerSecond > 0);
	});

	test('is a state the cost link accepts', () => {
		assert.ok(isValidCostState(defaults, { gpus: new Set(data.gpus.map((g) => g.id)) }));
	});

	test('names the example and the GPU when the GPU is not in the catalog', () => {
		assert.throws(
			() => createExampleCostState(data, { ...ARTICLE_COST_EXAMPLE, gpu: 'rtx-9999' }),
			{ message: 'Cost example from "article-nemotron-cascade-2-local": no GPU "rtx-9999".' },
		);
	});
});

describe('applyGpuChoice', () => {
	test("switches to the card's newest price, its condition, board power and speed", () => {
		const chosen = applyGpuChoice(defaults, 'rtx-5090', data);

		assert.equal(chosen.gpu, 'rtx-5090');
		assert.equal(chosen.purchasePrice, 1999);
		assert.equal(chosen.condition, 'new');
		assert.equal(chosen.powerW, 575);
		assert.equal(chosen.tokensPerSecond, gpuById('rtx-5090').estimatedTps);
	});

	test("keeps the reader's other inputs", () => {
		const chosen = applyGpuChoice({ ...defaults, hoursPerMonth: 80, cloudPricePerHour: 0.7 }, 'rtx-5090', data);

		assert.equal(chosen.hoursPerMonth, 80);
		assert.equal(chosen.cloudPricePerHour, 0.7);
		assert.equal(chosen.months, 24);
	});

	test('sets the speed to 0 (unknown) on a card where the reference model does not fit', () => {
		assert.equal(gpuById('rtx-4060').estimatedTps, undefined);

		assert.equal(applyGpuChoice(defaults, 'rtx-4060', data).tokensPerSecond, 0);
	});

	test('keeps the old price on a card with no price in the chosen currency', () => {
		const inEuros: CostState = { ...defaults, currency: 'EUR', purchasePrice: 700 };

		const chosen = applyGpuChoice(inEuros, 'rtx-5090', data);

		assert.equal(chosen.purchasePrice, 700);
		assert.equal(chosen.condition, 'used');
		assert.equal(chosen.powerW, 575);
	});

	test('keeps the old price on a card with no purchase record', () => {
		assert.equal(gpuById('h100-sxm').purchases.length, 0);

		assert.equal(applyGpuChoice(defaults, 'h100-sxm', data).purchasePrice, 500);
	});

	test('lowers a resale value above the new price to that price', () => {
		const chosen = applyGpuChoice({ ...defaults, purchasePrice: 1500, resaleValue: 1000 }, 'rtx-4060', data);

		assert.equal(chosen.purchasePrice, 299);
		assert.equal(chosen.resaleValue, 299);
	});

	test('leaves the state as it is for an id not in the catalog', () => {
		assert.equal(applyGpuChoice(defaults, 'no-such-gpu', data), defaults);
	});
});

describe('deriveCostLinkDefaults', () => {
	test("is the site's defaults for the default GPU", () => {
		assert.equal(deriveCostLinkDefaults(defaults, defaults, data), defaults);
	});

	test("stands for another GPU's own price, power and speed, keeping the site's gpu and currency", () => {
		const linked = deriveCostLinkDefaults(defaults, { gpu: 'rtx-5090', currency: 'USD' }, data);

		assert.equal(linked.purchasePrice, 1999);
		assert.equal(linked.powerW, 575);
		assert.equal(linked.tokensPerSecond, gpuById('rtx-5090').estimatedTps);
		assert.equal(linked.gpu, defaults.gpu);
		assert.equal(linked.currency, defaults.currency);
	});
});

describe('decodeCostLink', () => {
	test("reads a link naming only a GPU as that GPU's catalog figures", () => {
		const { state, ignored } = decodeCostLink('v=1&g=rtx-5090', data, defaults);

		assert.deepEqual(ignored, []);
		assert.equal(state.gpu, 'rtx-5090');
		assert.equal(state.purchasePrice, 1999);
		assert.equal(state.powerW, 575);
		assert.equal(state.hoursPerMonth, 30);
	});

	test('keeps what the link states over the linked GPU’s figures', () => {
		const { state } = decodeCostLink('v=1&g=rtx-5090&w=400&tps=200', data, defaults);

		assert.equal(state.powerW, 400);
		assert.equal(state.tokensPerSecond, 200);
		assert.equal(state.purchasePrice, 1999);
	});

	test("falls back to the linked GPU's figure, and says so, for a bad value", () => {
		const { state, ignored } = decodeCostLink('v=1&g=rtx-5090&w=-3', data, defaults);

		assert.equal(state.powerW, 575);
		assert.deepEqual(
			ignored.map((param) => param.key),
			['w'],
		);
		assert.match(ignored[0]!.reason, /575/);
	});

	test('falls back to the default GPU for an unknown one, and names it', () => {
		const { state, ignored } = decodeCostLink('v=1&g=%3Cscript%3E', data, defaults);

		assert.equal(state.gpu, 'rtx-3090');
		assert.equal(state.purchasePrice, 500);
		assert.deepEqual(
			ignored.map((param) => param.key),
			['g'],
		);
	});
});

describe('encodeCostLink', () => {
	test("writes only the version for the site's defaults", () => {
		assert.equal(encodeCostLink(defaults, data, defaults), 'v=1');
	});

	test("leaves out a linked GPU's own catalog figures", () => {
		const chosen = applyGpuChoice(defaults, 'rtx-5090', data);

		assert.equal(encodeCostLink(chosen, data, defaults), 'v=1&g=rtx-5090');
	});

	test('writes a figure that differs from the linked GPU’s own', () => {
		const chosen = { ...applyGpuChoice(defaults, 'rtx-5090', data), powerW: 400 };

		assert.equal(encodeCostLink(chosen, data, defaults), 'v=1&g=rtx-5090&w=400');
	});

	test('is read back by decodeCostLink as the same state, for random states', () => {
		const gpuIds = data.gpus.map((gpu) => gpu.id);
		const stateArb = fc
			.record({
				gpu: fc.constantFrom(...gpuIds),
				purchasePrice: fc.integer({ min: 0, max: 20_000 }),
				resaleShare: fc.double({ min: 0, max: 1, noNaN: true }),
				powerW: fc.integer({ min: 1, max: 2000 }),
				hoursPerMonth: fc.integer({ min: 0, max: 720 }),
				tokensPerSecond: fc.integer({ min: 0, max: 2000 }),
				currency: fc.constantFrom(...CURRENCIES),
			})
			.map(({ resaleShare, ...rest }): CostState => ({
				...defaults,
				...rest,
				resaleValue: Math.floor(rest.purchasePrice * resaleShare),
			}));

		fc.assert(
			fc.property(stateArb, (state) => {
				const decoded = decodeCostLink(encodeCostLink(state, data, defaults), data, defaults);
				assert.deepEqual(decoded.ignored, []);
				assert.deepEqual(decoded.state, state);
			}),
			{ numRuns: FUZZ_RUNS },
		);
	});
});
