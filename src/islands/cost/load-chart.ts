import {
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
} from 'chart.js';
import type { CostChartConfig } from '../../lib/cost.ts';

// Only what a line chart on linear scales uses; chart.js/auto would ship every chart type.
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** Creates the chart on a canvas from a plain config built in lib/cost.ts. */
export function createChart(canvas: HTMLCanvasElement, config: CostChartConfig): Chart {
	return new Chart(canvas, config as unknown as ConstructorParameters<typeof Chart>[1]);
}
