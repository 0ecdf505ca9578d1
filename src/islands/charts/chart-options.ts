/**
 * Turns the number formats a plain lib/ chart config states into the chart.js callbacks that
 * apply them. Kept apart from chart.js itself, so tests run it in Node without a canvas.
 */
import type { TooltipItem } from 'chart.js';

/** The parts of a plain config's options this module reads; everything else passes through. */
interface PlainOptions {
	locale?: string;
	scales?: Record<string, { ticks?: { format?: Intl.NumberFormatOptions } } | undefined>;
	plugins?: { tooltip?: object } & Record<string, unknown>;
}

/**
 * Formats an amount with an axis's Intl options (money, on the cost chart). Whole amounts go
 * without decimals so ticks read "$500"; others keep the options' own decimals ("$524.62").
 */
function formatWith(value: number, locale: string | undefined, format: Intl.NumberFormatOptions) {
	const whole = Number.isInteger(value)
		? { minimumFractionDigits: 0, maximumFractionDigits: 0 }
		: {};
	return new Intl.NumberFormat(locale, { ...format, ...whole }).format(value);
}

/**
 * The chart.js options of a plain config: an axis whose ticks carry Intl `format` options gets
 * a tick callback, so that 0 is formatted too (chart.js writes it bare), and the y axis's
 * format also writes the tooltip's values. Options without formats pass through unchanged.
 */
export function toChartOptions(options: object): object {
	const plain = options as PlainOptions;
	const formats = Object.entries(plain.scales ?? {}).filter(
		(entry): entry is [string, { ticks: { format: Intl.NumberFormatOptions } }] =>
			entry[1]?.ticks?.format !== undefined,
	);
	if (formats.length === 0) return options;

	const scales = { ...plain.scales };
	for (const [axis, scale] of formats) {
		scales[axis] = {
			...scale,
			ticks: {
				...scale.ticks,
				callback: (value: number | string) =>
					formatWith(Number(value), plain.locale, scale.ticks.format),
			},
		} as (typeof scales)[string];
	}
	const yFormat = formats.find(([axis]) => axis === 'y')?.[1].ticks.format;
	if (!yFormat) return { ...plain, scales };

	const tooltipFormat = new Intl.NumberFormat(plain.locale, yFormat);
	const label = (item: TooltipItem<'line'>) => {
		const y = item.parsed.y;
		return `${item.dataset.label ?? ''}: ${y === null ? item.formattedValue : tooltipFormat.format(y)}`;
	};
	const tooltip = { ...plain.plugins?.tooltip, callbacks: { label } };
	return { ...plain, scales, plugins: { ...plain.plugins, tooltip } };
}
