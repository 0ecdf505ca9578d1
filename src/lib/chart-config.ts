/**
 * The shape of a chart.js configuration as our lib/ builders produce it: plain data, so the
 * builders are tested without chart.js and the island only hands it over.
 */
export interface ChartConfig {
	type: 'line' | 'scatter';
	data: { datasets: ReadonlyArray<object> };
	options: object;
}
