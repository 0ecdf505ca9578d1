import type { Catalog } from './catalog/load.ts';
import { deriveCalculatorResult, type CalculatorData } from './calculator.ts';
import {
	decodeCostState,
	encodeCostState,
	type Condition,
	type CostState,
	type Currency,
	type DecodedCostState,
} from './cost.ts';
import { createDefaultState } from './permalink.ts';

/** A purchase price the reader can start from. */
export interface CostPurchase {
	id: string;
	condition: 'new' | 'used';
	low: number;
	high?: number;
	currency: Currency;
	date: string;
	source: string;
}

/** A GPU as the cost page needs it. */
export interface CostGpu {
	id: string;
	name: string;
	boardPowerW: number;
	/** Purchase records, newest first. */
	purchases: CostPurchase[];
	/** The engine's central decode speed for the reference model on this GPU, if it fits. */
	estimatedTps?: number;
}

/** A cloud offer the reader can compare against. */
export interface CostRental {
	id: string;
	gpuName: string;
	provider: string;
	low: number;
	high?: number;
	currency: Currency;
	date: string;
	source: string;
}

/** Everything the cost island needs from the catalog. */
export interface CostData {
	gpus: CostGpu[];
	rentals: CostRental[];
	/** The model and quant the estimated speeds are for, as a reader-facing name. */
	referenceName: string;
}

/** The model whose speed the cost page estimates by default: the first guide's. */
export const REFERENCE_CONFIG = { model: 'nemotron-cascade-2-30b-a3b', quant: 'iq4_xs' } as const;

/** Builds the cost page's data: prices per GPU, rentals, and an engine speed for each GPU. */
export function deriveCostData(catalog: Catalog, calculator: CalculatorData): CostData {
	const sources = new Map(catalog.sources.map((s) => [s.id, s.publisher]));
	const byDate = <T extends { date: string }>(a: T, b: T) => b.date.localeCompare(a.date);
	const gpus = catalog.gpus.map((gpu): CostGpu => {
		const purchases = catalog.prices
			.filter((p) => p.gpu.id === gpu.id && p.kind === 'purchase')
			.sort(byDate)
			.map((p) => ({
				id: p.id,
				condition: p.condition ?? 'new',
				low: p.low,
				...(p.high ? { high: p.high } : {}),
				currency: p.currency,
				date: p.date,
				source: sources.get(p.source.id) ?? p.source.id,
			}));
		const state = createDefaultState({ ...REFERENCE_CONFIG, gpus: [{ id: gpu.id, count: 1 }] });
		const result = deriveCalculatorResult(state, calculator);
		return {
			id: gpu.id,
			name: gpu.shortName,
			boardPowerW: gpu.boardPowerW,
			purchases,
			...(result?.verdict.kind === 'fits' ? { estimatedTps: Math.round(result.speed.decodeTps.mid) } : {}),
		};
	});
	const names = new Map(catalog.gpus.map((g) => [g.id, g.shortName]));
	const rentals = catalog.prices
		.filter((p) => p.kind === 'rental')
		.sort(byDate)
		.map((p) => ({
			id: p.id,
			gpuName: names.get(p.gpu.id) ?? p.gpu.id,
			provider: p.provider ?? 'unknown provider',
			low: p.low,
			...(p.high ? { high: p.high } : {}),
			currency: p.currency,
			date: p.date,
			source: sources.get(p.source.id) ?? p.source.id,
		}));
	const model = catalog.models.find((m) => m.id === REFERENCE_CONFIG.model);
	const quant = catalog.quants.find((q) => q.id === REFERENCE_CONFIG.quant);
	return { gpus, rentals, referenceName: `${model?.name ?? REFERENCE_CONFIG.model} at ${quant?.name ?? ''}` };
}

/** A worked example of buying against renting, with its inputs as its source states them. */
export interface CostExample {
	/** Source id the example is quoted from. */
	source: string;
	/** Catalog id of the GPU the example buys. */
	gpu: string;
	/** Purchase price, in `currency`. */
	price: number;
	/** Whether the card is bought new or used. */
	condition: Condition;
	/** Amortisation months. */
	months: number;
	/** Resale value at the end, in `currency`. */
	resale: number;
	/** Power draw while it runs, in watts. */
	watts: number;
	/** Electricity price per kWh, in `currency`. */
	kwh: number;
	/** Hours of use per month. */
	hours: number;
	/** Cloud price per GPU-hour, in `currency`. */
	cloud: number;
	/** Currency of every amount. */
	currency: Currency;
	/** The break-even the source concludes, in its own words. */
	claimedBreakEven: string;
}

/**
 * The article's own worked example of buying against renting, as it states it (source
 * `article-nemotron-cascade-2-local`), and the break-even it concludes from it. The cost page
 * opens with these inputs, the guide's cost embed starts from them, and both compute the
 * break-even they show from them.
 */
export const ARTICLE_COST_EXAMPLE = {
	source: 'article-nemotron-cascade-2-local',
	gpu: 'rtx-3090',
	price: 500,
	condition: 'used',
	months: 24,
	resale: 0,
	watts: 285,
	kwh: 0.12,
	hours: 30,
	cloud: 0.5,
	currency: 'USD',
	claimedBreakEven: 'more than 8–10 hours per month',
} as const satisfies CostExample;

/** Worked examples a guide's `<CostEmbed example="…">` can start from, by id. */
export const COST_EXAMPLES = { article: ARTICLE_COST_EXAMPLE } as const satisfies Record<
	string,
	CostExample
>;

/** Id of a worked example in COST_EXAMPLES. */
export type CostExampleId = keyof typeof COST_EXAMPLES;

/**
 * The article's assumptions that hold for any card (source `article-nemotron-cascade-2-local`):
 * 24 months of amortisation, no resale, $0.12 per kWh and 30 hours of use a month.
 */
export const ARTICLE_ASSUMPTIONS = {
	months: ARTICLE_COST_EXAMPLE.months,
	resaleValue: ARTICLE_COST_EXAMPLE.resale,
	pricePerKWh: ARTICLE_COST_EXAMPLE.kwh,
	hoursPerMonth: ARTICLE_COST_EXAMPLE.hours,
};

/** What the cost page opens with for a GPU: its newest purchase, its power, a rental offer. */
export function createCostState(
	data: CostData,
	picks: { gpu: string; purchase?: string; rental?: string },
): CostState {
	const gpu = data.gpus.find((g) => g.id === picks.gpu) ?? data.gpus[0]!;
	const purchase = gpu.purchases.find((p) => p.id === picks.purchase) ?? gpu.purchases[0];
	const rental = data.rentals.find((r) => r.id === picks.rental) ?? data.rentals[0];
	return {
		version: 1,
		gpu: gpu.id,
		purchasePrice: purchase?.low ?? 0,
		condition: purchase?.condition ?? 'new',
		months: ARTICLE_ASSUMPTIONS.months,
		resaleValue: ARTICLE_ASSUMPTIONS.resaleValue,
		powerW: gpu.boardPowerW,
		electricityPricePerKWh: ARTICLE_ASSUMPTIONS.pricePerKWh,
		hoursPerMonth: ARTICLE_ASSUMPTIONS.hoursPerMonth,
		cloudPricePerHour: rental?.low ?? 0,
		tokensPerSecond: gpu.estimatedTps ?? 0,
		cloudTokensPerSecond: 0,
		currency: 'USD',
	};
}

/**
 * The cost state of a worked example: every input as the example states it, and the engine's
 * speed for the reference model on its GPU (0, unknown, when it does not fit).
 */
export function createExampleCostState(data: CostData, example: CostExample): CostState {
	const gpu = data.gpus.find((g) => g.id === example.gpu);
	if (!gpu) throw new Error(`Cost example from "${example.source}": no GPU "${example.gpu}".`);
	return {
		version: 1,
		gpu: gpu.id,
		purchasePrice: example.price,
		condition: example.condition,
		months: example.months,
		resaleValue: example.resale,
		powerW: example.watts,
		electricityPricePerKWh: example.kwh,
		hoursPerMonth: example.hours,
		cloudPricePerHour: example.cloud,
		tokensPerSecond: gpu.estimatedTps ?? 0,
		cloudTokensPerSecond: 0,
		currency: example.currency,
	};
}

/**
 * The state after the reader picks another GPU: its board power and estimated speed (0,
 * unknown, when the reference model does not fit), and its newest catalog price and condition
 * when that price is in the state's currency. A price in another currency is never applied as
 * this one, since the site has no sourced exchange rates; the old price then stays. A resale
 * value above the new price is lowered to it.
 */
export function applyGpuChoice(state: CostState, gpuId: string, data: CostData): CostState {
	const gpu = data.gpus.find((g) => g.id === gpuId);
	if (!gpu) return state;
	const purchase = gpu.purchases.find((p) => p.currency === state.currency);
	const purchasePrice = purchase?.low ?? state.purchasePrice;
	return {
		...state,
		gpu: gpu.id,
		purchasePrice,
		condition: purchase?.condition ?? state.condition,
		resaleValue: Math.min(state.resaleValue, purchasePrice),
		powerW: gpu.boardPowerW,
		tokensPerSecond: gpu.estimatedTps ?? 0,
	};
}

/**
 * What a cost link stands for where it leaves a value out. For the default GPU, the site's
 * defaults. A link naming another GPU (as the calculator's and the GPU pages' links do) means
 * that GPU's own catalog price, condition, power and speed, as `applyGpuChoice` picks them in
 * the link's currency. `gpu` and `currency` stay the site's, since they say whether `g` and
 * `cur` are written at all.
 */
export function deriveCostLinkDefaults(
	defaults: CostState,
	choice: Pick<CostState, 'gpu' | 'currency'>,
	data: CostData,
): CostState {
	if (choice.gpu === defaults.gpu) return defaults;
	const chosen = applyGpuChoice({ ...defaults, currency: choice.currency }, choice.gpu, data);
	return { ...chosen, gpu: defaults.gpu, currency: defaults.currency };
}

/**
 * Reads a cost link the way the cost page does: the GPU and currency first, then every other
 * value against the defaults for them (`deriveCostLinkDefaults`). Never throws.
 */
export function decodeCostLink(
	query: string | URLSearchParams,
	data: CostData,
	defaults: CostState,
): DecodedCostState {
	const known = { gpus: new Set(data.gpus.map((g) => g.id)) };
	const first = decodeCostState(query, known, defaults);
	const linkDefaults = deriveCostLinkDefaults(defaults, first.state, data);
	// Read again so that every fallback, and every message naming one, is the linked GPU's.
	return linkDefaults === defaults ? first : decodeCostState(query, known, linkDefaults);
}

/**
 * Writes a cost link (without `?`) that `decodeCostLink` reads back as exactly this state:
 * values are left out only when they equal what the link stands for without them.
 */
export function encodeCostLink(state: CostState, data: CostData, defaults: CostState): string {
	return encodeCostState(state, deriveCostLinkDefaults(defaults, state, data));
}
