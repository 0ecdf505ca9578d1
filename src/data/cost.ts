import {
	ARTICLE_COST_EXAMPLE,
	createExampleCostState,
	deriveCostData,
	type CostData,
} from '../lib/cost-data.ts';
import type { CostState } from '../lib/cost.ts';
import { getCalculatorData } from './calculator.ts';
import { getCatalog } from './catalog.ts';

let cached: Promise<CostData> | undefined;

/** The cost page's catalog data, derived once per build. */
export function getCostData(): Promise<CostData> {
	cached ??= Promise.all([getCatalog(), getCalculatorData()]).then(([catalog, calculator]) =>
		deriveCostData(catalog, calculator),
	);
	return cached;
}

/**
 * The site's default cost state, which the cost page opens with and cost links leave out what
 * equals: the article's worked example, so the slider shows the break-even the page checks.
 */
export async function getDefaultCostState(): Promise<CostState> {
	return createExampleCostState(await getCostData(), ARTICLE_COST_EXAMPLE);
}
