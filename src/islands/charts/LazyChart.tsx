import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChartConfig } from '../../lib/chart-config.ts';
import type { ChartHandle } from './load-chart.ts';

interface Props {
	config: ChartConfig;
	/** The chart's text alternative, shown to everyone under it. */
	description: string;
}

/**
 * Draws a chart once it scrolls into view, loading only the chart.js parts our charts use.
 * Until then, and without JavaScript, the description stands in for it.
 */
export function LazyChart({ config, description }: Props) {
	const holder = useRef<HTMLDivElement>(null);
	const canvas = useRef<HTMLCanvasElement>(null);
	const chart = useRef<ChartHandle | null>(null);
	const [visible, setVisible] = useState(false);

	useEffect(() => {
		const element = holder.current;
		if (!element) return;
		const observer = new IntersectionObserver((entries) => {
			if (entries.some((entry) => entry.isIntersecting)) {
				setVisible(true);
				observer.disconnect();
			}
		});
		observer.observe(element);
		return () => observer.disconnect();
	}, []);

	useEffect(() => {
		if (!visible || !canvas.current) return;
		if (chart.current) {
			chart.current.update(config);
			return;
		}
		let cancelled = false;
		void import('./load-chart.ts').then(({ createChart }) => {
			if (cancelled || !canvas.current) return;
			chart.current = createChart(canvas.current, config);
		});
		return () => {
			cancelled = true;
		};
	}, [visible, config]);

	useEffect(() => () => chart.current?.destroy(), []);

	return (
		<figure class="lazy-chart">
			<div class="chart-holder" ref={holder}>
				<canvas ref={canvas} role="img" aria-label={description} />
			</div>
			<figcaption>{description}</figcaption>
		</figure>
	);
}
