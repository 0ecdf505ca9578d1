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

// Only what line and scatter charts on linear scales use; chart.js/auto ships every type.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** Creates a chart on a canvas from a plain config built in lib/. */
export function createChart(canvas: HTMLCanvasElement, config: ChartConfig): { destroy(): void } {
	return new Chart(canvas, config as unknown as ConstructorParameters<typeof Chart>[1]);
}
