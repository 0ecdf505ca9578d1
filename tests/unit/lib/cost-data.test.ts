import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { FUZZ_RUNS } from '../fuzz.ts';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import { deriveCalculatorResult } from '../../../src/lib/calculator.ts';
import { createDefaultState } from '../../../src/lib/permalink.ts';
import {
	CURRENCIES,
	ENTERED_THROUGHPUT,
	isValidCostState,
	type CostState,
} from '../../../src/lib/cost.ts';
import {
	ARTICLE_COST_EXAMPLE,
	chooseThroughputQuant,
	createExampleCostState,
	deriveCostData,
	describeThroughputQuantRule,
	resolveCostExample,
} from '../../../src/lib/cost-catalog.ts';
import {
	applyGpuChoice,
	applyThroughputSource,
	createCostState,
	decodeCostLink,
	deriveCostLinkDefaults,
	describeThroughput,
	encodeCostLink,
	getCostKnownIds,
	getThroughputEstimate,
	listThroughputOptions,
} from '../../../src/lib/cost-data.ts';

const catalog = loadCatalog('content');
const calculator = deriveCalculatorData(catalog);
const REFERENCE = { model: 'nemotron-cascade-2-30b-a3b', quant: 'iq4_xs' };
const data = deriveCostData(catalog, calculator, REFERENCE);
const defaults = createExampleCostState(data, ARTICLE_COST_EXAMPLE);
const gpuById = (id: string) => data.gpus.find((gpu) => gpu.id === id)!;
const estimate = (gpu: string, model: string) => getThroughputEstimate(data, gpu, model);

const CASCADE = 'm:nemotron-cascade-2-30b-a3b';
const QWEN3_8B = 'm:qwen3-8b';
/** The article's community-reported RTX 3090 run: 187 tok/s at IQ4_XS. */
const BENCH_3090 = 'b:nemotron-cascade-2-rtx-3090-iq4_xs-llamacpp';
const NBSP = '\u00a0';

/** The engine's answer through the calculator itself, for one model alone on one GPU. */
function calculatorSpeed(model: string, quant: string, gpu: string): number | undefined {
	const state = createDefaultState({ model, quant, gpus: [{ id: gpu, count: 1 }] });
	const result = deriveCalculatorResult(state, calculator)!;
	return result.verdict.kind === 'fits' ? result.speed.decodeTps.mid : undefined;
}

/** Every module a source file imports, following relative imports. */
function collectImports(file: string, seen = new Set<string>()): Set<string> {
	if (seen.has(file)) return seen;
	seen.add(file);
	const text = readFileSync(file, 'utf8');
	for (const [, path] of text.matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gms)) {
		collectImports(resolve(dirname(file), path!), seen);
	}
	return seen;
}

describe('cost-data module', () => {
	test('imports neither the engine nor the calculator, so the island does not ship them', () => {
		const imported = [...collectImports(resolve('src/lib/cost-data.ts'))].map((file) =>
			file.slice(resolve('src/lib').length + 1),
		);

		assert.deepEqual(imported.sort(), ['cost-data.ts', 'cost.ts', 'query-codec.ts']);
	});
});

describe('chooseThroughputQuant', () => {
	const files = { q2_k: { sizeBytes: 2 }, iq4_xs: { sizeBytes: 4 }, q4_k_m: { sizeBytes: 5 } };

	test("takes the guide's quant, then Q4_K_M, then the smallest published file", () => {
		assert.equal(chooseThroughputQuant(files, 'iq4_xs'), 'iq4_xs');
		assert.equal(chooseThroughputQuant(files), 'q4_k_m');
		assert.equal(chooseThroughputQuant(files, 'q8_0'), 'q4_k_m');
		assert.equal(chooseThroughputQuant({ q8_0: { sizeBytes: 8 }, q6_k: { sizeBytes: 6 } }), 'q6_k');
		assert.equal(chooseThroughputQuant({}), undefined);
	});
});

describe('deriveCostData', () => {
	test('estimates every model with a published file at one stated quant', () => {
		const quants = new Map(data.models.map((m) => [m.id, m.quantName]));

		assert.equal(quants.get('nemotron-cascade-2-30b-a3b'), 'IQ4_XS');
		assert.equal(quants.get('gemma-3-27b-it'), 'Q4_K_M');
		assert.equal(quants.get('qwen3-8b'), 'Q4_K_M');
		// Neither has a published file in content/model-files/.
		assert.equal(quants.has('deepseek-v3-1'), false);
		assert.equal(quants.has('mistral-small-3-2-24b'), false);
	});

	test("gives each GPU the calculator's own speed where the model fits, rounded as it shows it", () => {
		for (const [gpu, model, quant] of [
			['rtx-3090', 'nemotron-cascade-2-30b-a3b', 'iq4_xs'],
			['rtx-3090', 'qwen3-8b', 'q4_k_m'],
			['rtx-4060', 'llama-3-1-8b-instruct', 'q4_k_m'],
			['dgx-spark', 'gpt-oss-120b', 'q4_k_m'],
		] as const) {
			const speed = calculatorSpeed(model, quant, gpu);

			assert.ok(speed !== undefined && speed > 10, `${model} on ${gpu}`);
			assert.equal(estimate(gpu, model), Math.round(speed), `${model} on ${gpu}`);
		}
	});

	test('gives 0 where the model does not fit on the card alone', () => {
		// Llama 3.3 70B at Q4_K_M is a 42.5 GB file; an RTX 3090 has 24 GiB.
		assert.equal(calculatorSpeed('llama-3-3-70b-instruct', 'q4_k_m', 'rtx-3090'), undefined);
		assert.equal(estimate('rtx-3090', 'llama-3-3-70b-instruct'), 0);
		assert.equal(estimate('rtx-4060', 'nemotron-cascade-2-30b-a3b'), 0);
	});

	test("lists the catalog's runs on one card with their source and evidence", () => {
		const article = data.measurements.find((m) => m.id === BENCH_3090.slice(2));
		const spark = data.measurements.find(
			(m) => m.id === 'gpt-oss-20b-dgx-spark-mxfp4-llamacpp-b6767-d4096',
		);

		assert.deepEqual(article, {
			id: 'nemotron-cascade-2-rtx-3090-iq4_xs-llamacpp',
			gpu: 'rtx-3090',
			model: 'nemotron-cascade-2-30b-a3b',
			modelName: 'Nemotron-Cascade-2-30B-A3B',
			quantName: 'IQ4_XS',
			tps: 187,
			runtime: 'llama.cpp',
			publisher: 'Hugging Face community',
			evidence: 'community-reported',
			date: '2026-06',
		});
		assert.equal(spark?.tps, 74.63);
		assert.equal(spark?.contextDepth, 4096);
		assert.equal(spark?.publisher, 'JetsonHacks');
		assert.equal(spark?.evidence, 'measured');
		const singleCard = catalog.benchmarks.filter((b) => b.gpus.length === 1).length;
		assert.equal(data.measurements.length, singleCard);
	});

	test('stays small enough to ship in the page', () => {
		const gzipBytes = gzipSync(JSON.stringify(data)).length;

		assert.ok(gzipBytes < 8 * 1024, `${gzipBytes} bytes gzipped`);
	});

	test('refuses a reference model without a published file, saying what to add', () => {
		assert.throws(
			() => deriveCostData(catalog, calculator, { model: 'deepseek-v3-1', quant: 'q4_k_m' }),
			{
				message:
					'Cost data: the reference model "deepseek-v3-1" has no published file in the catalog, ' +
					'so the cost page has no speed to start from. Add its file sizes to ' +
					'content/model-files/ or pick another model.',
			},
		);
	});
});

describe('describeThroughputQuantRule', () => {
	test('names the reference model and its quant', () => {
		assert.match(
			describeThroughputQuantRule(data),
			/^Each model's speed is estimated at one quant: Nemotron-Cascade-2-30B-A3B at IQ4_XS, as its guide runs it; every other model at Q4_K_M /,
		);
	});
});

describe('resolveCostExample', () => {
	test("reads the article's $500 card and $0.50 an hour from their price records", () => {
		const example = resolveCostExample(data, ARTICLE_COST_EXAMPLE);

		assert.equal(example.price, 500);
		assert.equal(example.condition, 'used');
		assert.equal(example.cloud, 0.5);
		assert.equal(example.currency, 'USD');
	});

	test('names the example and the missing price record', () => {
		assert.throws(() => resolveCostExample(data, { ...ARTICLE_COST_EXAMPLE, purchase: 'gone' }), {
			message:
				'Cost example from "article-nemotron-cascade-2-local": no purchase price "gone" for ' +
				'rtx-3090 in content/prices/. Add the record or correct the id.',
		});
		assert.throws(() => resolveCostExample(data, { ...ARTICLE_COST_EXAMPLE, rental: 'gone' }), {
			message:
				'Cost example from "article-nemotron-cascade-2-local": no rental price "gone" in ' +
				'content/prices/. Add the record or correct the id.',
		});
	});
});

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
		assert.equal(state.throughputSource, CASCADE);
		assert.equal(state.tokensPerSecond, estimate('rtx-3090', 'nemotron-cascade-2-30b-a3b'));
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

	test("takes the engine's speed for the guide's model on the example's card", () => {
		assert.equal(defaults.throughputSource, CASCADE);
		assert.equal(defaults.tokensPerSecond, estimate('rtx-3090', 'nemotron-cascade-2-30b-a3b'));
		assert.ok(defaults.tokensPerSecond > 0);
	});

	test('is a state the cost link accepts', () => {
		assert.ok(isValidCostState(defaults, getCostKnownIds(data)));
	});

	test('names the example and a model without a published file', () => {
		assert.throws(
			() => createExampleCostState(data, { ...ARTICLE_COST_EXAMPLE, model: 'deepseek-v3-1' }),
			{
				message:
					'Cost example from "article-nemotron-cascade-2-local": no model "deepseek-v3-1" ' +
					'with a published file in the catalog, so there is no speed to estimate.',
			},
		);
	});

	test('names the example and the GPU when the GPU is not in the catalog', () => {
		assert.throws(
			() => createExampleCostState(data, { ...ARTICLE_COST_EXAMPLE, gpu: 'rtx-9999' }),
			{ message: 'Cost example from "article-nemotron-cascade-2-local": no GPU "rtx-9999".' },
		);
	});
});

describe('applyThroughputSource', () => {
	test("sets a model's estimate on the state's GPU, or a measurement's speed", () => {
		assert.equal(
			applyThroughputSource(defaults, QWEN3_8B, data).tokensPerSecond,
			estimate('rtx-3090', 'qwen3-8b'),
		);
		assert.equal(applyThroughputSource(defaults, BENCH_3090, data).tokensPerSecond, 187);
	});

	test('keeps the figure for an entered throughput, and the state for an unknown source', () => {
		const entered = applyThroughputSource(
			{ ...defaults, tokensPerSecond: 150 },
			ENTERED_THROUGHPUT,
			data,
		);

		assert.equal(entered.tokensPerSecond, 150);
		assert.equal(entered.throughputSource, ENTERED_THROUGHPUT);
		assert.equal(applyThroughputSource(defaults, 'm:no-such-model', data), defaults);
	});
});

describe('applyGpuChoice', () => {
	test("switches to the card's newest price, its condition, board power and speed", () => {
		const chosen = applyGpuChoice(defaults, 'rtx-5090', data);

		assert.equal(chosen.gpu, 'rtx-5090');
		assert.equal(chosen.purchasePrice, 1999);
		assert.equal(chosen.condition, 'new');
		assert.equal(chosen.powerW, 575);
		assert.equal(chosen.throughputSource, CASCADE);
		assert.equal(chosen.tokensPerSecond, estimate('rtx-5090', 'nemotron-cascade-2-30b-a3b'));
	});

	test("keeps the reader's other inputs", () => {
		const chosen = applyGpuChoice(
			{ ...defaults, hoursPerMonth: 80, cloudPricePerHour: 0.7 },
			'rtx-5090',
			data,
		);

		assert.equal(chosen.hoursPerMonth, 80);
		assert.equal(chosen.cloudPricePerHour, 0.7);
		assert.equal(chosen.months, 24);
	});

	test('sets the speed to 0 (unknown) on a card where the model does not fit', () => {
		assert.equal(applyGpuChoice(defaults, 'rtx-4060', data).tokensPerSecond, 0);
	});

	test("replaces a measurement from the old card with the same model's estimate", () => {
		const measured = applyThroughputSource(defaults, BENCH_3090, data);

		const chosen = applyGpuChoice(measured, 'rtx-4090', data);

		assert.equal(chosen.throughputSource, CASCADE);
		assert.equal(chosen.tokensPerSecond, estimate('rtx-4090', 'nemotron-cascade-2-30b-a3b'));
	});

	test('keeps an entered throughput', () => {
		const entered = { ...defaults, throughputSource: ENTERED_THROUGHPUT, tokensPerSecond: 150 };

		assert.equal(applyGpuChoice(entered, 'rtx-4090', data).tokensPerSecond, 150);
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
		const chosen = applyGpuChoice(
			{ ...defaults, purchasePrice: 1500, resaleValue: 1000 },
			'rtx-4060',
			data,
		);

		assert.equal(chosen.purchasePrice, 299);
		assert.equal(chosen.resaleValue, 299);
	});

	test('leaves the state as it is for an id not in the catalog', () => {
		assert.equal(applyGpuChoice(defaults, 'no-such-gpu', data), defaults);
	});
});

describe('deriveCostLinkDefaults', () => {
	test("is the site's defaults for the default GPU and throughput source", () => {
		assert.equal(deriveCostLinkDefaults(defaults, defaults, data), defaults);
	});

	test("stands for another GPU's own price, power and speed, keeping the site's keys", () => {
		const choice = { gpu: 'rtx-5090', currency: 'USD', throughputSource: CASCADE } as const;

		const linked = deriveCostLinkDefaults(defaults, choice, data);

		assert.equal(linked.purchasePrice, 1999);
		assert.equal(linked.powerW, 575);
		assert.equal(linked.tokensPerSecond, estimate('rtx-5090', 'nemotron-cascade-2-30b-a3b'));
		assert.equal(linked.gpu, defaults.gpu);
		assert.equal(linked.currency, defaults.currency);
		assert.equal(linked.throughputSource, defaults.throughputSource);
	});

	test("stands for another source's figure on the default GPU", () => {
		const choice = { gpu: 'rtx-3090', currency: 'USD', throughputSource: QWEN3_8B } as const;

		const linked = deriveCostLinkDefaults(defaults, choice, data);

		assert.equal(linked.tokensPerSecond, estimate('rtx-3090', 'qwen3-8b'));
		assert.equal(linked.purchasePrice, 500);
		assert.equal(linked.throughputSource, CASCADE);
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
		assert.equal(state.tokensPerSecond, estimate('rtx-5090', 'nemotron-cascade-2-30b-a3b'));
	});

	test("reads a link naming only a source as that source's figure", () => {
		const { state, ignored } = decodeCostLink('v=1&tf=m:qwen3-8b', data, defaults);

		assert.deepEqual(ignored, []);
		assert.equal(state.throughputSource, QWEN3_8B);
		assert.equal(state.tokensPerSecond, estimate('rtx-3090', 'qwen3-8b'));
	});

	test("reads the calculator's link (g and tps) as the reader's own figure on that GPU", () => {
		const { state, ignored } = decodeCostLink('v=1&g=rtx-4090&tps=196', data, defaults);

		assert.deepEqual(ignored, []);
		assert.equal(state.throughputSource, ENTERED_THROUGHPUT);
		assert.equal(state.tokensPerSecond, 196);
		assert.equal(state.powerW, 450);
	});

	test('keeps what the link states over the linked GPU’s figures', () => {
		const { state } = decodeCostLink('v=1&g=rtx-5090&w=400&tps=200', data, defaults);

		assert.equal(state.powerW, 400);
		assert.equal(state.tokensPerSecond, 200);
		assert.equal(state.purchasePrice, 1999);
	});

	test("falls back to the linked GPU's figure, and says so in its units, for a bad value", () => {
		const { state, ignored } = decodeCostLink('v=1&g=rtx-5090&w=-3&pp=abc', data, defaults);

		assert.equal(state.powerW, 575);
		assert.deepEqual(
			ignored.map((param) => param.reason),
			[
				'Purchase price "abc" is not a number, so the default ($1,999.00) is used.',
				'Board power "-3" is below the minimum of 1 W, so the default (575 W) is used.',
			],
		);
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

	test('writes a chosen source and leaves out its figure', () => {
		assert.equal(
			encodeCostLink(applyThroughputSource(defaults, QWEN3_8B, data), data, defaults),
			'v=1&tf=m:qwen3-8b',
		);
		assert.equal(
			encodeCostLink(applyThroughputSource(defaults, BENCH_3090, data), data, defaults),
			`v=1&tf=${BENCH_3090}`,
		);
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

	test('is read back as the same state for any throughput source, chosen or not', () => {
		const sources = [ENTERED_THROUGHPUT, ...getCostKnownIds(data).throughputSources];
		const arb = fc.record({
			gpu: fc.constantFrom(...data.gpus.map((gpu) => gpu.id)),
			source: fc.constantFrom(...sources),
			typed: fc.option(fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100)),
		});

		fc.assert(
			fc.property(arb, ({ gpu, source, typed }) => {
				// As the island makes it: a GPU, then a source, then perhaps a typed figure.
				const chosen = applyThroughputSource(applyGpuChoice(defaults, gpu, data), source, data);
				const state = typed === null ? chosen : { ...chosen, tokensPerSecond: typed };
				const decoded = decodeCostLink(encodeCostLink(state, data, defaults), data, defaults);

				assert.deepEqual(decoded.ignored, []);
				assert.deepEqual(decoded.state, state);
			}),
			{ numRuns: FUZZ_RUNS },
		);
	});
});

describe('listThroughputOptions', () => {
	test("offers the reader's own figure, every model's estimate and the card's measurements", () => {
		const options = listThroughputOptions(defaults, data);
		const byValue = new Map(options.map((option) => [option.value, option]));

		assert.equal(options[0]!.value, ENTERED_THROUGHPUT);
		assert.equal(
			options.filter((option) => option.group === 'estimate').length,
			data.models.length,
		);
		assert.equal(byValue.get('m:llama-3-3-70b-instruct')?.disabled, true);
		assert.equal(
			byValue.get('m:llama-3-3-70b-instruct')?.label,
			'Llama 3.3 70B Instruct at Q4_K_M: does not fit',
		);
		assert.equal(
			byValue.get(BENCH_3090)?.label,
			`Nemotron-Cascade-2-30B-A3B at IQ4_XS: 187${NBSP}tok/s (Hugging Face community, community-reported)`,
		);
		assert.equal(byValue.has('b:nemotron-cascade-2-rtx-4090-q4_k_m-ollama'), false);
	});
});

describe('describeThroughput', () => {
	test("names the model, quant, card and context of the engine's estimate", () => {
		const tps = estimate('rtx-3090', 'nemotron-cascade-2-30b-a3b');

		assert.equal(
			describeThroughput(defaults, data),
			`The engine estimates ${tps}${NBSP}tok/s for Nemotron-Cascade-2-30B-A3B at IQ4_XS on the ` +
				`RTX 3090 (generation, 8,192${NBSP}tokens of context, llama.cpp).`,
		);
	});

	test('names the source and evidence of a measurement', () => {
		const measured = applyThroughputSource(defaults, BENCH_3090, data);

		assert.equal(
			describeThroughput(measured, data),
			`Measured on the RTX 3090: Nemotron-Cascade-2-30B-A3B at IQ4_XS, 187${NBSP}tok/s with ` +
				'llama.cpp (Hugging Face community, community-reported, 2026-06).',
		);
	});

	test("says a model does not fit, and a figure is the reader's own", () => {
		const onSmallCard = applyGpuChoice(defaults, 'rtx-4060', data);
		const entered = { ...defaults, throughputSource: ENTERED_THROUGHPUT, tokensPerSecond: 150 };

		assert.match(describeThroughput(onSmallCard, data), /at IQ4_XS does not fit on the RTX 4060/);
		assert.match(describeThroughput(entered, data), /^150\u00a0tok\/s is a figure you entered/);
	});

	test("says when a link's figure is not the source's", () => {
		assert.match(
			describeThroughput({ ...defaults, tokensPerSecond: 99 }, data),
			/The throughput above \(99\u00a0tok\/s\) is not that figure\.$/,
		);
	});
});
