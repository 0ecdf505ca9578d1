import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import {
	MAX_COST_LINK_TPS,
	NO_FIT_SPEED_REASON,
	applyGpuPick,
	buildCostLink,
	chooseShownSpeed,
	deriveCalculatorResult,
	deriveQuantRowsFor,
	describeNumberRange,
	type SetupSpeed,
	type Verdict,
} from '../../../src/lib/calculator.ts';
import { COST_LIMITS, ENTERED_THROUGHPUT } from '../../../src/lib/cost.ts';
import {
	ARTICLE_COST_EXAMPLE,
	createExampleCostState,
	deriveCostData,
} from '../../../src/lib/cost-catalog.ts';
import { decodeCostLink } from '../../../src/lib/cost-data.ts';
import { importConfigAsCustomModel } from '../../../src/lib/custom-model.ts';
import {
	CUSTOM_ID,
	LIMITS,
	createDefaultState,
	type CustomModel,
	type GpuSelection,
} from '../../../src/lib/permalink.ts';

const catalog = loadCatalog('content');
const data = deriveCalculatorData(catalog);
/** The cost page's data and default state, built the way src/data/cost.ts builds them. */
const costData = deriveCostData(catalog, data, { model: 'nemotron-cascade-2-30b-a3b', quant: 'iq4_xs' });
const costDefaults = createExampleCostState(costData, ARTICLE_COST_EXAMPLE);

/** The calculator's default picks (src/data/calculator.ts) with other GPUs or model. */
const stateWith = (picks: { model?: string; quant?: string; gpus?: GpuSelection[] }) =>
	createDefaultState({
		model: picks.model ?? 'nemotron-cascade-2-30b-a3b',
		quant: picks.quant ?? 'iq4_xs',
		gpus: picks.gpus ?? [{ id: 'rtx-3090', count: 1 }],
	});

const band = (mid: number) => ({ low: mid * 0.8, mid, high: mid * 1.1 });
const setup = (mid: number, cpuLayers = 0): SetupSpeed => ({
	decodeTps: band(mid),
	ttftSeconds: band(1),
	promptTps: band(mid * 20),
	depth: 4096,
	cpuLayers,
});

describe('chooseShownSpeed', () => {
	const asSet = setup(80);
	const offloaded = setup(40, 12);

	test('shows the configuration as set when it fits', () => {
		const verdict: Verdict = { kind: 'fits', spareBytes: 1 };

		assert.deepEqual(chooseShownSpeed(verdict, asSet, offloaded), { basis: 'as-set', ...asSet });
	});

	test('shows the offloaded configuration when only offloading fits', () => {
		const verdict: Verdict = { kind: 'offload', shortBytes: 1, cpuLayers: 12, decodeTps: band(40) };

		assert.deepEqual(chooseShownSpeed(verdict, asSet, offloaded), { basis: 'offload', ...offloaded });
	});

	test('shows no speed, with the reason, when nothing fits', () => {
		const verdict: Verdict = { kind: 'no', shortBytes: 1 };

		const none = { basis: 'none', reason: NO_FIT_SPEED_REASON };
		assert.deepEqual(chooseShownSpeed(verdict, asSet), none);
	});

	test('shows no speed for an offload verdict without the offloaded speed', () => {
		const verdict: Verdict = { kind: 'offload', shortBytes: 1, cpuLayers: 12, decodeTps: band(40) };

		assert.equal(chooseShownSpeed(verdict, asSet).basis, 'none');
	});
});

describe('buildCostLink', () => {
	const catalogGpus = data.gpus;

	test('carries the first catalog GPU and the speed, rounded as the page shows it', () => {
		const one = [{ id: 'rtx-4090', count: 1 }];

		assert.deepEqual(buildCostLink(one, catalogGpus, { basis: 'as-set', ...setup(84.4) }, 1), {
			href: '/cost/?v=1&g=rtx-4090&tps=84',
			notes: [],
		});
		assert.equal(
			buildCostLink(one, catalogGpus, { basis: 'offload', ...setup(1.74, 40) }, 1).href,
			'/cost/?v=1&g=rtx-4090&tps=1.7',
		);
	});

	test('sends neither GPU nor speed for only a custom GPU, and says so', () => {
		const custom = [{ id: CUSTOM_ID, count: 1 }];

		const link = buildCostLink(custom, catalogGpus, { basis: 'as-set', ...setup(84) }, 1);

		assert.equal(link.href, '/cost/?v=1');
		assert.equal(link.notes.length, 1);
		assert.match(link.notes[0]!, /prices catalog GPUs only/);
	});

	test('skips a custom first GPU for the first catalog one, and says the speed is for all devices', () => {
		const gpus = [
			{ id: CUSTOM_ID, count: 1 },
			{ id: 'rtx-3090', count: 2 },
		];

		const link = buildCostLink(gpus, catalogGpus, { basis: 'as-set', ...setup(50) }, 3);

		assert.equal(link.href, '/cost/?v=1&g=rtx-3090&tps=50');
		assert.deepEqual(link.notes, [
			'The speed is for all 3 devices together; the cost page prices one RTX 3090.',
		]);
	});

	test('leaves the speed out when nothing fits', () => {
		const gpus = [{ id: 'rtx-3060-12gb', count: 1 }];

		const link = buildCostLink(gpus, catalogGpus, { basis: 'none', reason: NO_FIT_SPEED_REASON }, 1);

		assert.equal(link.href, '/cost/?v=1&g=rtx-3060-12gb');
		assert.match(link.notes[0]!, /carries no speed/);
	});

	test('leaves out a speed the cost link could not hold', () => {
		const gpus = [{ id: 'rtx-3090', count: 1 }];

		const hrefAt = (tps: number) =>
			buildCostLink(gpus, catalogGpus, { basis: 'as-set', ...setup(tps) }, 1).href;

		assert.equal(hrefAt(0.04), '/cost/?v=1&g=rtx-3090');
		assert.equal(hrefAt(MAX_COST_LINK_TPS + 1), '/cost/?v=1&g=rtx-3090');
		assert.equal(hrefAt(MAX_COST_LINK_TPS), `/cost/?v=1&g=rtx-3090&tps=${MAX_COST_LINK_TPS}`);
	});

	test("uses the cost link's own limit for throughput", () => {
		assert.equal(MAX_COST_LINK_TPS, COST_LIMITS.tokensPerSecond.max);
	});
});

describe('deriveQuantRowsFor', () => {
	test('gives the rows the full result holds, which the island leaves out of its first pass', () => {
		const state = stateWith({ gpus: [{ id: 'rtx-3090', count: 1 }] });

		const full = deriveCalculatorResult(state, data)!;
		const answerOnly = deriveCalculatorResult(state, data, { quantRows: false })!;

		assert.ok(full.quantRows.length > 20);
		assert.deepEqual(answerOnly.quantRows, []);
		assert.deepEqual(deriveQuantRowsFor(state, data), full.quantRows);
		assert.deepEqual({ ...answerOnly, quantRows: full.quantRows }, full);
	});

	test('has no rows for a model the data lacks', () => {
		assert.deepEqual(deriveQuantRowsFor(stateWith({ model: 'no-such-model' }), data), []);
	});
});

describe('deriveCalculatorResult', () => {
	test('the default model on an RTX 3060 12GB shows and links the offload speed', () => {
		const state = stateWith({ gpus: [{ id: 'rtx-3060-12gb', count: 1 }] });

		const result = deriveCalculatorResult(state, data)!;

		assert.equal(result.verdict.kind, 'offload');
		assert.equal(result.shownSpeed.basis, 'offload');
		// Narrows the types; the two asserts above have already failed the test otherwise.
		if (result.verdict.kind !== 'offload' || result.shownSpeed.basis !== 'offload') return;
		assert.deepEqual(result.shownSpeed.decodeTps, result.verdict.decodeTps);
		assert.equal(result.shownSpeed.cpuLayers, result.verdict.cpuLayers);
		// The configuration as set would run faster, but it does not fit.
		assert.ok(result.shownSpeed.decodeTps.high < result.speed.decodeTps.low);
		assert.ok(result.shownSpeed.ttftSeconds.mid > result.speed.ttftSeconds.mid);

		const tps = Math.round(result.verdict.decodeTps.mid);
		assert.equal(result.costLink.href, `/cost/?v=1&g=rtx-3060-12gb&tps=${tps}`);
	});

	test("the cost page's decoder reads the calculator's link as that GPU and speed", () => {
		const state = stateWith({ gpus: [{ id: 'rtx-3060-12gb', count: 1 }] });
		const result = deriveCalculatorResult(state, data)!;
		const query = result.costLink.href.split('?')[1]!;

		const decoded = decodeCostLink(query, costData, costDefaults);

		assert.ok(result.shownSpeed.basis === 'offload');
		assert.deepEqual(decoded.ignored, []);
		assert.equal(decoded.state.gpu, 'rtx-3060-12gb');
		assert.equal(decoded.state.tokensPerSecond, Math.round(result.shownSpeed.decodeTps.mid));
		assert.equal(decoded.state.throughputSource, ENTERED_THROUGHPUT);
	});

	test('a model that does not fit even with offload shows no speed and links none', () => {
		const gpus = [{ id: 'rtx-3060-12gb', count: 1 }];
		const state = stateWith({ model: 'deepseek-v3-1', quant: 'q8_0', gpus });
		state.ramGiB = 16;

		const result = deriveCalculatorResult(state, data)!;

		assert.equal(result.verdict.kind, 'no');
		assert.deepEqual(result.shownSpeed, { basis: 'none', reason: NO_FIT_SPEED_REASON });
		assert.equal(result.costLink.href, '/cost/?v=1&g=rtx-3060-12gb');
	});

	test('lists every catalog quant for the default model, published sizes where there are files', () => {
		const result = deriveCalculatorResult(stateWith({}), data)!;
		const model = data.models.find((m) => m.id === 'nemotron-cascade-2-30b-a3b')!;

		assert.deepEqual(
			result.quantRows.map((row) => row.quant).sort(),
			data.quants.map((q) => q.id).sort(),
		);
		for (const row of result.quantRows) {
			const file = model.files[row.quant];
			assert.equal(row.weightsSource, file ? 'published' : 'estimated', row.quant);
			if (file) assert.equal(row.weightsBytes, file.sizeBytes, row.quant);
		}
		const iq4 = result.quantRows.find((row) => row.quant === 'iq4_xs')!;
		assert.equal(iq4.weightsBytes, 18_200_000_000);
		assert.equal(iq4.fits, true);
		assert.ok(iq4.maxContext > 0);
		const sizes = result.quantRows.map((row) => row.weightsBytes);
		assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
	});

	test('estimates every quant for catalog models with no published files', () => {
		for (const model of ['deepseek-v3-1', 'mistral-small-3-2-24b']) {
			const result = deriveCalculatorResult(stateWith({ model, quant: 'q4_k_m' }), data)!;

			assert.equal(result.quantRows.length, data.quants.length, model);
			assert.ok(result.quantRows.every((row) => row.weightsSource === 'estimated'), model);
		}
		const state = stateWith({ model: 'mistral-small-3-2-24b', quant: 'q4_k_m' });
		const mistral = deriveCalculatorResult(state, data)!;
		const q4 = mistral.quantRows.find((row) => row.quant === 'q4_k_m')!;
		assert.equal(q4.fits, true);
		assert.equal(q4.totalBytes, mistral.estimate.totalBytes.value);
	});

	test('estimates every quant for a custom model', () => {
		const imported = importConfigAsCustomModel(
			JSON.stringify({
				architectures: ['Qwen3ForCausalLM'],
				model_type: 'qwen3',
				hidden_size: 2560,
				intermediate_size: 9728,
				num_attention_heads: 32,
				num_key_value_heads: 8,
				head_dim: 128,
				num_hidden_layers: 36,
				vocab_size: 151936,
				max_position_embeddings: 40960,
				tie_word_embeddings: true,
			}),
		);
		assert.ok(imported.ok);
		const customModel = imported.model as CustomModel;
		const state = { ...stateWith({ quant: 'q4_k_m' }), model: CUSTOM_ID, customModel };

		const result = deriveCalculatorResult(state, data)!;

		assert.equal(result.quantRows.length, data.quants.length);
		assert.ok(result.quantRows.every((row) => row.weightsSource === 'estimated' && row.fits));
	});
});

describe('applyGpuPick', () => {
	test('replaces the card of one row', () => {
		const gpus = [
			{ id: 'rtx-3090', count: 2 },
			{ id: 'rtx-4090', count: 1 },
		];

		assert.deepEqual(applyGpuPick(gpus, 1, 'rtx-5090'), [
			{ id: 'rtx-3090', count: 2 },
			{ id: 'rtx-5090', count: 1 },
		]);
	});

	test('merges a card picked in a second row into the row holding it, counts added', () => {
		const gpus = [
			{ id: 'rtx-3090', count: 2 },
			{ id: 'rtx-4090', count: 1 },
		];

		assert.deepEqual(applyGpuPick(gpus, 1, 'rtx-3090'), [{ id: 'rtx-3090', count: 3 }]);
		assert.deepEqual(applyGpuPick(gpus, 0, 'rtx-4090'), [{ id: 'rtx-4090', count: 3 }]);
		assert.deepEqual(gpus[0], { id: 'rtx-3090', count: 2 });
	});
});

describe('describeNumberRange', () => {
	test('names the limits with their unit', () => {
		assert.equal(describeNumberRange(LIMITS.context), 'Enter a number from 256 to 2,097,152 tokens.');
		const memory = LIMITS.customGpuMemoryGiB;
		assert.equal(describeNumberRange(memory), 'Enter a number from 1 to 2,048 GiB.');
		const oneLeft = { ...LIMITS.gpuCount, max: 1 };
		assert.equal(describeNumberRange(oneLeft), 'Enter a number from 1 to 1 device.');
	});
});
