/**
 * Builds the cost page's data from the catalog at build time: prices and rentals, the engine's
 * throughput estimate for each catalog model on each GPU, and the measured benchmarks on one
 * card; and the worked examples the page and the guides quote. It runs the engine, so only
 * pages, components and `src/data/` import it; the island gets its result as data
 * (cost-data.ts).
 */
import type { Catalog } from './catalog/load.ts';
import { deriveFitAndSpeed, type CalculatorData } from './calculator.ts';
import { roundTps } from './format.ts';
import { BASE_DEFAULTS, createDefaultState } from './permalink.ts';
import {
	applyThroughputSource,
	COST_ASSUMPTIONS,
	toModelSource,
	type CostData,
	type CostGpu,
	type CostMeasurement,
	type CostModel,
	type CostPurchase,
	type CostRental,
} from './cost-data.ts';
import type { Condition, CostState, Currency } from './cost.ts';

/** The quant every model's throughput is estimated at, when it has a published file. */
export const THROUGHPUT_QUANT = 'q4_k_m';

/**
 * States the rule `chooseThroughputQuant` follows, for the page, with the reference model and
 * the quant names as the data spells them.
 */
export function describeThroughputQuantRule(data: CostData): string {
	const reference = data.models.find((m) => m.id === data.referenceModel);
	const usual =
		data.models.find((m) => m.quant === THROUGHPUT_QUANT)?.quantName ??
		THROUGHPUT_QUANT.toUpperCase();
	const first = reference
		? `${reference.name} at ${reference.quantName}, as its guide runs it; `
		: '';
	return (
		`Each model's speed is estimated at one quant: ${first}every other model at ${usual} ` +
		'where that file is published, else at its smallest published file. Models without a ' +
		'published file are not listed.'
	);
}

/**
 * The quant a model's throughput is estimated at (see describeThroughputQuantRule): `preferred`
 * (the guide's quant, for the guide's model) when the model has that file, else
 * THROUGHPUT_QUANT when it has that file, else the quant of its smallest published file;
 * undefined without published files.
 */
export function chooseThroughputQuant(
	files: Readonly<Record<string, { sizeBytes: number }>>,
	preferred?: string,
): string | undefined {
	if (preferred && files[preferred]) return preferred;
	if (files[THROUGHPUT_QUANT]) return THROUGHPUT_QUANT;
	const bySize = Object.entries(files).sort(([, a], [, b]) => a.sizeBytes - b.sizeBytes);
	return bySize[0]?.[0];
}

/**
 * Builds the cost page's data. `reference` is the model (and quant) a GPU's state starts from:
 * the calculator's default, the first guide's. Each model is estimated on each GPU alone at the
 * calculator's default settings, and the estimate kept only where it fits (0 otherwise).
 */
export function deriveCostData(
	catalog: Catalog,
	calculator: CalculatorData,
	reference: { model: string; quant: string },
): CostData {
	const sources = new Map(catalog.sources.map((s) => [s.id, s.publisher]));
	const quantNames = new Map(catalog.quants.map((q) => [q.id, q.name]));
	const byDate = <T extends { date: string }>(a: T, b: T) => b.date.localeCompare(a.date);

	const models: CostModel[] = [];
	for (const model of calculator.models) {
		const preferred = model.id === reference.model ? reference.quant : undefined;
		const quant = chooseThroughputQuant(model.files, preferred);
		if (!quant) continue;
		models.push({
			id: model.id,
			name: model.name,
			quant,
			quantName: quantNames.get(quant) ?? quant,
		});
	}
	if (!models.some((m) => m.id === reference.model)) {
		throw new Error(
			`Cost data: the reference model "${reference.model}" has no published file in the ` +
				'catalog, so the cost page has no speed to start from. Add its file sizes to ' +
				'content/model-files/ or pick another model.',
		);
	}

	const estimateOf = (modelId: string, quant: string, gpuId: string): number => {
		const state = createDefaultState({ model: modelId, quant, gpus: [{ id: gpuId, count: 1 }] });
		const setup = deriveFitAndSpeed(state, calculator);
		return setup?.fits ? roundTps(setup.decodeTps.mid) : 0;
	};
	const gpus = catalog.gpus.map((gpu): CostGpu => {
		const purchases = catalog.prices
			.filter((p) => p.gpu.id === gpu.id && p.kind === 'purchase')
			.sort(byDate)
			.map((p): CostPurchase => ({
				id: p.id,
				condition: p.condition ?? 'new',
				low: p.low,
				...(p.high ? { high: p.high } : {}),
				currency: p.currency,
				date: p.date,
				source: sources.get(p.source.id) ?? p.source.id,
			}));
		return {
			id: gpu.id,
			name: gpu.shortName,
			boardPowerW: gpu.boardPowerW,
			purchases,
			estimates: models.map((m) => estimateOf(m.id, m.quant, gpu.id)),
		};
	});

	const names = new Map(catalog.gpus.map((g) => [g.id, g.shortName]));
	const rentals = catalog.prices
		.filter((p) => p.kind === 'rental')
		.sort(byDate)
		.map((p): CostRental => ({
			id: p.id,
			gpuName: names.get(p.gpu.id) ?? p.gpu.id,
			provider: p.provider ?? 'unknown provider',
			low: p.low,
			...(p.high ? { high: p.high } : {}),
			currency: p.currency,
			date: p.date,
			source: sources.get(p.source.id) ?? p.source.id,
		}));

	const modelNames = new Map(catalog.models.map((m) => [m.id, m.name]));
	// The cost page prices one card, so only runs on a single card are its measurements.
	const measurements = catalog.benchmarks
		.filter((b) => b.gpus.length === 1)
		.map((b): CostMeasurement => ({
			id: b.id,
			gpu: b.gpus[0]!.id,
			model: b.model.id,
			modelName: modelNames.get(b.model.id) ?? b.model.id,
			quantName: quantNames.get(b.quant.id) ?? b.quant.id,
			tps: b.decodeTps,
			...(b.decodeTpsHigh ? { tpsHigh: b.decodeTpsHigh } : {}),
			runtime: b.runtime,
			...(b.contextDepth !== undefined ? { contextDepth: b.contextDepth } : {}),
			publisher: sources.get(b.source.id) ?? b.source.id,
			evidence: b.evidence,
			date: b.date,
		}));

	return {
		gpus,
		rentals,
		models,
		measurements,
		referenceModel: reference.model,
		estimateContext: BASE_DEFAULTS.context,
	};
}

/** A worked example of buying against renting, as its source states it. */
export interface CostExample {
	/** Source id the example is quoted from. */
	source: string;
	/** Catalog GPU id of the card the example buys. */
	gpu: string;
	/** Id of the purchase price record (content/prices/) the example pays. */
	purchase: string;
	/** Id of the rental price record (content/prices/) the example rents at. */
	rental: string;
	/** Amortisation months. */
	months: number;
	/** Resale value at the end, in the prices' currency. */
	resale: number;
	/** Power draw while it runs, in watts. */
	watts: number;
	/** Electricity price per kWh, in the prices' currency. */
	kwh: number;
	/** Hours of use per month. */
	hours: number;
	/** Catalog model id whose estimated speed feeds the cost per million tokens. */
	model: string;
	/** The break-even the source concludes, in its own words. */
	claimedBreakEven: string;
}

/** A worked example with its prices read from their catalog records. */
export interface ResolvedCostExample extends CostExample {
	/** Purchase price, in `currency`. */
	price: number;
	/** Whether the card is bought new or used, as the purchase record says. */
	condition: Condition;
	/** Cloud price per GPU-hour, in `currency`. */
	cloud: number;
	/** Currency of every amount. */
	currency: Currency;
}

/**
 * The article's own worked example of buying against renting, as it states it (source
 * `article-nemotron-cascade-2-local`): "A used RTX 3090 at $500 amortizes over 24 months … plus
 * $0.034/hour in electricity. An equivalent RunPod session at $0.50/hour runs $15 for 30 hours
 * of use", at 285 W and $0.12 per kWh. The two prices are catalog records. The cost page opens
 * with these inputs, the guide's cost embed starts from them, and both compute the break-even
 * they show from them.
 */
export const ARTICLE_COST_EXAMPLE = {
	source: 'article-nemotron-cascade-2-local',
	gpu: 'rtx-3090',
	purchase: 'rtx-3090-used-example-2026-06-article',
	rental: 'a40-runpod-example-2026-06-article',
	months: COST_ASSUMPTIONS.months,
	resale: COST_ASSUMPTIONS.resaleValue,
	watts: 285,
	kwh: COST_ASSUMPTIONS.pricePerKWh,
	hours: COST_ASSUMPTIONS.hoursPerMonth,
	model: 'nemotron-cascade-2-30b-a3b',
	claimedBreakEven: 'more than 8–10 hours per month',
} as const satisfies CostExample;

/** Worked examples a guide's `<CostEmbed example="…">` and `<CostFact>` can start from, by id. */
export const COST_EXAMPLES = { article: ARTICLE_COST_EXAMPLE } as const satisfies Record<
	string,
	CostExample
>;

/** Id of a worked example in COST_EXAMPLES. */
export type CostExampleId = keyof typeof COST_EXAMPLES;

/**
 * Reads a worked example's prices from their catalog records. Throws, naming the example and
 * the id, when a record is missing, of the wrong kind or GPU, or the two are in different
 * currencies, so a renamed price record stops the build instead of changing the example.
 */
export function resolveCostExample(data: CostData, example: CostExample): ResolvedCostExample {
	const where = `Cost example from "${example.source}"`;
	const gpu = data.gpus.find((g) => g.id === example.gpu);
	if (!gpu) throw new Error(`${where}: no GPU "${example.gpu}".`);
	const purchase = gpu.purchases.find((p) => p.id === example.purchase);
	if (!purchase) {
		throw new Error(
			`${where}: no purchase price "${example.purchase}" for ${example.gpu} in content/prices/. ` +
				'Add the record or correct the id.',
		);
	}
	const rental = data.rentals.find((r) => r.id === example.rental);
	if (!rental) {
		throw new Error(
			`${where}: no rental price "${example.rental}" in content/prices/. ` +
				'Add the record or correct the id.',
		);
	}
	if (rental.currency !== purchase.currency) {
		throw new Error(
			`${where}: the purchase price is in ${purchase.currency} but the rental in ` +
				`${rental.currency}; an example needs one currency.`,
		);
	}
	return {
		...example,
		price: purchase.low,
		condition: purchase.condition,
		cloud: rental.low,
		currency: purchase.currency,
	};
}

/**
 * The cost state of a worked example: every input as the example states it, its prices from
 * their records, and the engine's speed for its model on its GPU (0, unknown, when it does not
 * fit).
 */
export function createExampleCostState(data: CostData, example: CostExample): CostState {
	const resolved = resolveCostExample(data, example);
	const state: CostState = {
		version: 1,
		gpu: resolved.gpu,
		purchasePrice: resolved.price,
		condition: resolved.condition,
		months: resolved.months,
		resaleValue: resolved.resale,
		powerW: resolved.watts,
		electricityPricePerKWh: resolved.kwh,
		hoursPerMonth: resolved.hours,
		cloudPricePerHour: resolved.cloud,
		throughputSource: toModelSource(resolved.model),
		tokensPerSecond: 0,
		cloudTokensPerSecond: 0,
		currency: resolved.currency,
	};
	const withSpeed = applyThroughputSource(state, toModelSource(resolved.model), data);
	if (withSpeed === state) {
		throw new Error(
			`Cost example from "${example.source}": no model "${example.model}" with a published ` +
				'file in the catalog, so there is no speed to estimate.',
		);
	}
	return withSpeed;
}
