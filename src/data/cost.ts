import {
	ARTICLE_COST_EXAMPLE,
	COST_EXAMPLES,
	createExampleCostState,
	deriveCostData,
	resolveCostExample,
	type CostExampleId,
	type ResolvedCostExample,
} from '../lib/cost-catalog.ts';
import type { CostData } from '../lib/cost-data.ts';
import type { CostState } from '../lib/cost.ts';
import { DEFAULT_PICKS, getCalculatorData } from './calculator.ts';
import { getCatalog } from './catalog.ts';

let cached: Promise<CostData> | undefined;

/**
 * The cost page's catalog data, derived once per build. Speeds start from the calculator's
 * default model at its default quant, the first guide's.
 */
export function getCostData(): Promise<CostData> {
	cached ??= Promise.all([getCatalog(), getCalculatorData()]).then(([catalog, calculator]) =>
		deriveCostData(catalog, calculator, DEFAULT_PICKS),
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

/**
 * A worked example with its prices read from the catalog, or a build error naming `where` when
 * there is no such example or one of its price records is missing.
 */
export async function getCostExample(
	id: string = 'article',
	where = 'Cost example',
): Promise<ResolvedCostExample> {
	if (!Object.hasOwn(COST_EXAMPLES, id)) {
		throw new Error(
			`${where}: there is no example "${id}"; use one of ${Object.keys(COST_EXAMPLES).join(', ')}.`,
		);
	}
	return resolveCostExample(await getCostData(), COST_EXAMPLES[id as CostExampleId]);
}
