import type { Catalog } from './catalog/load.ts';
import { deriveCalculatorResult, type CalculatorData } from './calculator.ts';
import type { CostState, Currency } from './cost.ts';
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

/**
 * The article's worked example (source `article-nemotron-cascade-2-local`): 24 months of
 * amortisation, no resale, $0.12 per kWh and 30 hours of use a month. The page says so.
 */
export const ARTICLE_ASSUMPTIONS = { months: 24, resaleValue: 0, pricePerKWh: 0.12, hoursPerMonth: 30 };

/**
 * The article's own worked example of buying against renting, as it states it (source
 * `article-nemotron-cascade-2-local`), and the break-even it concludes from it. The page and the
 * guide compute the break-even from these inputs and show both.
 */
export const ARTICLE_COST_EXAMPLE = {
	source: 'article-nemotron-cascade-2-local',
	gpu: 'rtx-3090',
	price: 500,
	months: 24,
	resale: 0,
	watts: 285,
	kwh: 0.12,
	hours: 30,
	cloud: 0.5,
	claimedBreakEven: 'more than 8–10 hours per month',
} as const;

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
 * A cost link that names a GPU but not its price, power or speed (as the calculator's link to
 * the cost page does) takes them from that GPU's catalog records, not from the default GPU's.
 */
export function fillFromGpu(state: CostState, query: URLSearchParams, data: CostData): CostState {
	const gpu = data.gpus.find((g) => g.id === state.gpu);
	if (!gpu || !query.has('g')) return state;
	const purchase = gpu.purchases[0];
	return {
		...state,
		...(!query.has('pp') && purchase ? { purchasePrice: purchase.low } : {}),
		...(!query.has('cond') && purchase ? { condition: purchase.condition } : {}),
		...(!query.has('w') ? { powerW: gpu.boardPowerW } : {}),
		...(!query.has('tps') && gpu.estimatedTps ? { tokensPerSecond: gpu.estimatedTps } : {}),
	};
}
