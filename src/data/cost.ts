import { createCostState, deriveCostData, type CostData } from '../lib/cost-data.ts';
import type { CostState } from '../lib/cost.ts';
import { getCalculatorData } from './calculator.ts';
import { getCatalog } from './catalog.ts';

/** The configuration the cost page opens with: the article's used RTX 3090 against an A40. */
export const DEFAULT_COST_PICKS = {
	gpu: 'rtx-3090',
	purchase: 'rtx-3090-used-2026-06-article',
	rental: 'a40-runpod-2026-06-article',
};

let cached: Promise<CostData> | undefined;

/** The cost page's catalog data, derived once per build. */
export function getCostData(): Promise<CostData> {
	cached ??= Promise.all([getCatalog(), getCalculatorData()]).then(([catalog, calculator]) =>
		deriveCostData(catalog, calculator),
	);
	return cached;
}

/** The site's default cost state; cost links leave out what equals it. */
export async function getDefaultCostState(): Promise<CostState> {
	return createCostState(await getCostData(), DEFAULT_COST_PICKS);
}
