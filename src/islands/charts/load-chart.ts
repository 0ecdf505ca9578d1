import {
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	ScatterController,
	Tooltip,
} from 'chart.js';
import type { ChartConfig } from '../../lib/chart-config.ts';
import { toChartOptions } from './chart-options.ts';

// Only what line and scatter charts on linear scales use; chart.js/auto ships every type.
Chart.register(
	LineController,
	ScatterController,
	LineElement,
	PointElement,
	LinearScale,
	Legend,
	Tooltip,
);

/** A drawn chart: redrawn from a new plain config, or removed. */
export interface ChartHandle {
	/** Redraws the chart from a new config of the same kind. */
	update(config: ChartConfig): void;
	/** Removes the chart and its listeners. */
	destroy(): void;
}

/** The chart.js configuration of a plain config built in lib/. */
function toChartJs(config: ChartConfig): ConstructorParameters<typeof Chart>[1] {
	return { ...config, options: toChartOptions(config.options) } as unknown as ConstructorParameters<
		typeof Chart
	>[1];
}

/** Creates a chart on a canvas from a plain config built in lib/. */
export function createChart(canvas: HTMLCanvasElement, config: ChartConfig): ChartHandle {
	const chart = new Chart(canvas, toChartJs(config));
	return {
		update(next) {
			const { data, options } = toChartJs(next);
			chart.data = data;
			if (options) chart.options = options;
			chart.update();
		},
		destroy: () => chart.destroy(),
	};
}
