/**
 * Buy-vs-rent arithmetic for one GPU: what owning costs a month and an hour of use (capital spread
 * over the amortisation period plus electricity), what renting costs, where the two meet, and a
 * month-by-month series for the cost chart. Also the cost page's permalink codec.
 *
 * Everything here is plain arithmetic on the inputs; no figure is looked up or assumed.
 */
import {
	formatPlainNumber,
	formatWithUnit,
	isWithinRule,
	joinQuery,
	makeEnumRule,
	makeNumberRule,
	makeVersionRule,
	parseBoundedNumber,
	parseKnownId,
	parseTypedNumber,
	quote,
	readQuery,
	takeField,
	toSafeExcerpt,
	type FieldRule,
	type IgnoredParam,
	type NumberRule,
	type Parsed,
} from './query-codec.ts';

/** Currencies prices are kept in (ISO 4217), as in the price schema. */
export const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Conditions a card is bought in. */
export const CONDITIONS = ['new', 'used'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Most hours any month has (31 days), beyond which a break-even cannot be reached. */
export const MAX_HOURS_PER_MONTH = 744;

/** Seconds in an hour, to turn tokens per second into tokens per hour. */
const SECONDS_PER_HOUR = 3600;

/** Tokens in the "per million tokens" unit. */
const TOKENS_PER_MILLION = 1e6;

/** Everything the buy-vs-rent comparison needs; money in `currency`. */
export interface CostInputs {
	/** Price paid for the hardware. */
	purchasePrice: number;
	/** Months the purchase is spread over; also the length of the cumulative series. */
	amortisationMonths: number;
	/** What the hardware sells for at the end of the period; at most the purchase price. */
	resaleValue: number;
	/** Board power under load, in watts. */
	powerW: number;
	/** Electricity price per kWh. */
	electricityPricePerKWh: number;
	/** Hours of use per month. */
	hoursPerMonth: number;
	/** Price of renting an equivalent GPU, per hour. */
	cloudPricePerHour: number;
	/** Throughput of the owned hardware, in tokens per second. */
	tokensPerSecond: number;
	/** Throughput of the rented GPU, in tokens per second; the owned throughput when left out. */
	cloudTokensPerSecond?: number;
	/** Currency of every amount above. */
	currency: Currency;
}

/** Hours of use per month at which owning and renting cost the same, or why there are none. */
export type BreakEven =
	| {
			/** Hours per month; owning is cheaper above them. */
			hoursPerMonth: number;
	  }
	| {
			/** No break-even within a month. */
			hoursPerMonth: null;
			/** A sentence saying why renting always stays cheaper. */
			reason: string;
	  };

/** The comparison at the given hours of use; money in `currency`. */
export interface CostComparison {
	/** Currency of every amount. */
	currency: Currency;
	/** (purchase price - resale value) / amortisation months. */
	capitalPerMonth: number;
	/** Electricity for one hour under load: watts / 1000 x price per kWh. */
	energyPerHour: number;
	/** Electricity for the month's hours of use. */
	energyPerMonth: number;
	/** Capital plus electricity, per month. */
	ownPerMonth: number;
	/** Owning cost per hour of use; null when there are no hours of use. */
	ownPerHour: number | null;
	/** Renting for the month's hours of use. */
	rentPerMonth: number;
	/** Renting per hour: the cloud price. */
	rentPerHour: number;
	/** Hours per month at which both cost the same. */
	breakEven: BreakEven;
	/** Owning cost per million tokens; null without hours of use or throughput. */
	ownPerMillionTokens: number | null;
	/** Renting cost per million tokens; null without cloud throughput. */
	rentPerMillionTokens: number | null;
	/** Which is cheaper at these hours, or "same" when the monthly costs are equal. */
	cheaper: 'own' | 'rent' | 'same';
}

/** Capital cost per month: what the hardware loses in value, spread over `months` (above 0). */
export function computeCapitalPerMonth(
	purchasePrice: number,
	resaleValue: number,
	months: number,
): number {
	return (purchasePrice - resaleValue) / months;
}

/** Electricity cost of one hour under load. */
export function computeEnergyPerHour(powerW: number, pricePerKWh: number): number {
	return (powerW / 1000) * pricePerKWh;
}

/** Cost of a million tokens at a cost per hour and a throughput; null without throughput. */
export function computeCostPerMillionTokens(
	costPerHour: number | null,
	tokensPerSecond: number,
): number | null {
	if (costPerHour === null || !(tokensPerSecond > 0)) return null;
	return (costPerHour / (tokensPerSecond * SECONDS_PER_HOUR)) * TOKENS_PER_MILLION;
}

/**
 * Hours of use per month at which owning costs as much as renting:
 * capital per month / (cloud price per hour - electricity per hour). None when renting costs no
 * more per hour than electricity alone, or when the answer exceeds the hours a month has.
 *
 * Throws a RangeError for a negative capital cost (a resale value above the purchase price):
 * owning would then be cheaper *below* some hours, which no `BreakEven` can say. The cost link
 * and the cost inputs refuse such a resale value before it gets here.
 */
export function computeBreakEven(
	capitalPerMonth: number,
	cloudPricePerHour: number,
	energyPerHour: number,
	currency: Currency,
	locale = 'en-US',
): BreakEven {
	if (capitalPerMonth < 0) {
		throw new RangeError(
			`The capital cost per month is ${capitalPerMonth}, below zero: the resale value is ` +
				'above the purchase price. Keep the resale value at most the purchase price.',
		);
	}
	const money = (value: number) => formatMoney(value, currency, locale);
	const marginPerHour = cloudPricePerHour - energyPerHour;
	if (capitalPerMonth === 0 && marginPerHour >= 0) return { hoursPerMonth: 0 };
	if (marginPerHour <= 0) {
		return {
			hoursPerMonth: null,
			reason:
				`Renting at ${money(cloudPricePerHour)} an hour costs no more than the ` +
				`${money(energyPerHour)} an hour of electricity alone, so every hour of use costs ` +
				'more on owned hardware and there is no break-even.',
		};
	}

	const hours = capitalPerMonth / marginPerHour;
	if (hours > MAX_HOURS_PER_MONTH) {
		return {
			hoursPerMonth: null,
			reason:
				`Owning would pay for itself only past ${formatNumber(hours, 'hours', locale, 0)} ` +
				`of use a month, more than a month has (${MAX_HOURS_PER_MONTH}), ` +
				'so renting stays cheaper.',
		};
	}
	return { hoursPerMonth: hours };
}

/** Compares owning and renting at the inputs' hours of use. */
export function computeCostComparison(inputs: CostInputs, locale = 'en-US'): CostComparison {
	const hours = inputs.hoursPerMonth;
	const capitalPerMonth = computeCapitalPerMonth(
		inputs.purchasePrice,
		inputs.resaleValue,
		inputs.amortisationMonths,
	);
	const energyPerHour = computeEnergyPerHour(inputs.powerW, inputs.electricityPricePerKWh);
	const energyPerMonth = energyPerHour * hours;
	const ownPerMonth = capitalPerMonth + energyPerMonth;
	const ownPerHour = hours > 0 ? ownPerMonth / hours : null;
	const rentPerMonth = inputs.cloudPricePerHour * hours;

	const cloudTps = inputs.cloudTokensPerSecond ?? inputs.tokensPerSecond;
	return {
		currency: inputs.currency,
		capitalPerMonth,
		energyPerHour,
		energyPerMonth,
		ownPerMonth,
		ownPerHour,
		rentPerMonth,
		rentPerHour: inputs.cloudPricePerHour,
		breakEven: computeBreakEven(
			capitalPerMonth,
			inputs.cloudPricePerHour,
			energyPerHour,
			inputs.currency,
			locale,
		),
		ownPerMillionTokens: computeCostPerMillionTokens(ownPerHour, inputs.tokensPerSecond),
		rentPerMillionTokens: computeCostPerMillionTokens(inputs.cloudPricePerHour, cloudTps),
		cheaper: ownPerMonth < rentPerMonth ? 'own' : ownPerMonth > rentPerMonth ? 'rent' : 'same',
	};
}

/** One month of the cumulative series; money in the series' currency. */
export interface CumulativeCostPoint {
	/** Months since the purchase, 0 to the amortisation months. */
	month: number;
	/** Money spent on owning so far: the purchase, electricity, less the resale in the last month. */
	own: number;
	/** Money spent on renting so far. */
	rent: number;
}

/** Cumulative own and rent costs over the amortisation period, for the cost chart. */
export interface CumulativeCostSeries {
	/** Currency of every amount. */
	currency: Currency;
	/** Length of the period in whole months. */
	months: number;
	/** Price paid at month 0. */
	purchasePrice: number;
	/** Money back from selling the hardware, credited in the last month. */
	resaleValue: number;
	/** Months 0 to `months`, one point each. */
	points: CumulativeCostPoint[];
	/**
	 * Fractional month where renting has cost as much as owning, on the lines as drawn; null if
	 * renting stays cheaper for the whole period.
	 */
	crossoverMonth: number | null;
	/** Cumulative cost at the crossover; null if never. */
	crossoverCost: number | null;
}

/**
 * Builds month-by-month cumulative costs. Owning starts at the purchase price, adds the month's
 * electricity each month and gets the resale value back in the last month; renting adds the
 * month's rent. A fractional period is rounded up to whole months. The crossover is the first
 * point where the two lines, drawn straight between months, meet.
 */
export function buildCumulativeCostSeries(inputs: CostInputs): CumulativeCostSeries {
	const months = Math.max(1, Math.ceil(inputs.amortisationMonths));
	const energyPerMonth =
		computeEnergyPerHour(inputs.powerW, inputs.electricityPricePerKWh) * inputs.hoursPerMonth;
	const rentPerMonth = inputs.cloudPricePerHour * inputs.hoursPerMonth;

	const points: CumulativeCostPoint[] = [];
	for (let month = 0; month <= months; month += 1) {
		const resale = month === months ? inputs.resaleValue : 0;
		points.push({
			month,
			own: inputs.purchasePrice + energyPerMonth * month - resale,
			rent: rentPerMonth * month,
		});
	}

	let crossoverMonth: number | null = null;
	let crossoverCost: number | null = null;
	if (points[0]!.own <= points[0]!.rent) {
		crossoverMonth = 0;
		crossoverCost = points[0]!.rent;
	}
	for (let index = 0; crossoverMonth === null && index < months; index += 1) {
		const [from, to] = [points[index]!, points[index + 1]!];
		const gap = from.own - from.rent;
		const nextGap = to.own - to.rent;
		if (nextGap <= 0) {
			// Between two months both lines are straight, so the gap shrinks linearly.
			const fraction = gap / (gap - nextGap);
			crossoverMonth = from.month + fraction;
			crossoverCost = from.rent + (to.rent - from.rent) * fraction;
		}
	}

	return {
		currency: inputs.currency,
		months,
		purchasePrice: inputs.purchasePrice,
		resaleValue: inputs.resaleValue,
		points,
		crossoverMonth,
		crossoverCost,
	};
}

/** Texts the chart shows, translated by the page. */
export interface CostChartLabels {
	/** Legend entry of the owning line. */
	own: string;
	/** Legend entry of the renting line. */
	rent: string;
	/** Legend entry of the crossover point. */
	crossover: string;
	/** Title of the x axis, e.g. "Months since purchase". */
	month: string;
	/** Title of the y axis, e.g. "Cumulative cost (USD)". */
	cost: string;
}

/** A point of a chart.js dataset on linear axes. */
export interface ChartPoint {
	/** Month. */
	x: number;
	/** Cumulative cost. */
	y: number;
}

/** A chart.js line dataset, as plain data. */
export interface CostChartDataset {
	label: string;
	data: ChartPoint[];
	borderColor: string;
	backgroundColor: string;
	borderWidth: number;
	borderDash?: number[];
	pointRadius: number;
	pointHoverRadius: number;
	pointStyle?: string;
	showLine: boolean;
}

/** A chart.js configuration as plain data: no functions, no chart.js import. */
export interface CostChartConfig {
	type: 'line';
	data: { datasets: CostChartDataset[] };
	options: {
		/** Locale chart.js formats numbers in, the same as the figures beside the chart. */
		locale: string;
		responsive: boolean;
		maintainAspectRatio: boolean;
		interaction: { mode: 'nearest'; axis: 'x'; intersect: boolean };
		scales: {
			x: {
				type: 'linear';
				min: number;
				max: number;
				title: { display: boolean; text: string };
				ticks: { precision: number };
			};
			y: {
				type: 'linear';
				beginAtZero: boolean;
				title: { display: boolean; text: string };
				/**
				 * `format`: Intl options of the axis's amounts, money in the series' currency. The
				 * chart loader formats ticks and tooltips with them (chart.js alone writes 0 bare).
				 */
				ticks: { format: { style: 'currency'; currency: Currency } };
			};
		};
		plugins: { legend: { position: 'bottom' } };
	};
}

/**
 * Colours of the chart, from the Okabe-Ito palette, which stays distinct under the common forms
 * of colour blindness; the renting line is also dashed so it does not rely on colour.
 */
export const COST_CHART_COLOURS = {
	own: '#0072b2',
	rent: '#d55e00',
	crossover: '#009e73',
	crossoverBorder: '#000000',
} as const;

/** Builds the chart.js config of the cumulative cost chart, the crossover as its own point. */
export function toCostChartConfig(
	series: CumulativeCostSeries,
	labels: CostChartLabels,
	locale = 'en-US',
): CostChartConfig {
	const line = (label: string, colour: string, data: ChartPoint[]): CostChartDataset => ({
		label,
		data,
		borderColor: colour,
		backgroundColor: colour,
		borderWidth: 2,
		pointRadius: 0,
		pointHoverRadius: 4,
		showLine: true,
	});
	const own = line(
		labels.own,
		COST_CHART_COLOURS.own,
		series.points.map((point) => ({ x: point.month, y: point.own })),
	);
	const rent = line(
		labels.rent,
		COST_CHART_COLOURS.rent,
		series.points.map((point) => ({ x: point.month, y: point.rent })),
	);
	rent.borderDash = [6, 4];

	const crossover: CostChartDataset = {
		label: labels.crossover,
		data:
			series.crossoverMonth === null || series.crossoverCost === null
				? []
				: [{ x: series.crossoverMonth, y: series.crossoverCost }],
		borderColor: COST_CHART_COLOURS.crossoverBorder,
		backgroundColor: COST_CHART_COLOURS.crossover,
		borderWidth: 2,
		pointRadius: 6,
		pointHoverRadius: 8,
		pointStyle: 'rectRot',
		showLine: false,
	};

	return {
		type: 'line',
		data: { datasets: [own, rent, crossover] },
		options: {
			locale,
			responsive: true,
			maintainAspectRatio: false,
			interaction: { mode: 'nearest', axis: 'x', intersect: false },
			scales: {
				x: {
					type: 'linear',
					min: 0,
					max: series.months,
					title: { display: true, text: labels.month },
					ticks: { precision: 0 },
				},
				y: {
					type: 'linear',
					beginAtZero: true,
					title: { display: true, text: labels.cost },
					ticks: { format: { style: 'currency', currency: series.currency } },
				},
			},
			plugins: { legend: { position: 'bottom' } },
		},
	};
}

/**
 * Describes the cumulative chart in one or two sentences, as its text alternative. `format`
 * writes an amount of money with its currency (for example `formatMoney` bound to a currency).
 */
export function describeCostSeries(
	series: CumulativeCostSeries,
	format: (value: number) => string,
	locale = 'en-US',
): string {
	const last = series.points[series.points.length - 1]!;
	const period = formatNumber(series.months, series.months === 1 ? 'month' : 'months', locale, 0);
	const resale =
		series.resaleValue > 0 ? `, after selling the hardware for ${format(series.resaleValue)},` : '';
	const totals =
		`Over ${period}, owning costs ${format(last.own)} in total${resale} ` +
		`and renting costs ${format(last.rent)}.`;

	if (series.crossoverMonth === null) {
		return `${totals} Renting stays cheaper for the whole period.`;
	}
	if (series.crossoverMonth === 0) return `${totals} Owning is cheaper from the start.`;
	const when = formatNumber(series.crossoverMonth, 'months', locale, 1);
	return `${totals} Owning becomes the cheaper choice after ${when}.`;
}

/**
 * Formats money with its currency always shown: two decimals, or up to four below one unit so
 * that per-hour electricity ($0.0342) keeps its digits. `fractionDigits` fixes the decimals
 * instead, for amounts shown side by side (see `chooseMoneyDigits`).
 */
export function formatMoney(
	value: number,
	currency: Currency,
	locale = 'en-US',
	fractionDigits?: number,
): string {
	const small = Math.abs(value) < 1 && value !== 0;
	return new Intl.NumberFormat(locale, {
		style: 'currency',
		currency,
		minimumFractionDigits: fractionDigits ?? 2,
		maximumFractionDigits: fractionDigits ?? (small ? 4 : 2),
	}).format(value);
}

/**
 * Decimals for amounts of money shown side by side, so they read at one precision: four when
 * any of them is below one unit (and not zero), else two. Nulls (figures not shown) are skipped.
 */
export function chooseMoneyDigits(values: ReadonlyArray<number | null>): number {
	return values.some((value) => value !== null && value !== 0 && Math.abs(value) < 1) ? 4 : 2;
}

/**
 * Decimals of hours shown: hours of use are whole (the slider's step), a computed break-even
 * keeps one decimal so that 44.7 does not read as 45.
 */
const HOURS_DISPLAY_DECIMALS = 1;

/** Formats hours of use a month: whole hours as they are, a break-even to one decimal. No unit. */
export function formatHours(value: number, locale = 'en-US'): string {
	return new Intl.NumberFormat(locale, { maximumFractionDigits: HOURS_DISPLAY_DECIMALS }).format(
		value,
	);
}

/**
 * Formats a number with its unit always shown, joined by a no-break space: "44.7 hours".
 * `maximumFractionDigits` defaults to one.
 */
export function formatNumber(
	value: number,
	unit: string,
	locale = 'en-US',
	maximumFractionDigits = 1,
): string {
	const text = new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
	return `${text}\u00a0${unit}`;
}

/** Version of the cost page's key layout, written into every link as `v`. */
export const COST_PERMALINK_VERSION = 1;

/** The `tf` value of a throughput the reader entered (or a link brought) rather than picked. */
export const ENTERED_THROUGHPUT = 'entered';

/** Everything the cost page shows depends on, as carried by its link; money in `currency`. */
export interface CostState {
	/** `v`: version of the key layout, always COST_PERMALINK_VERSION. */
	version: typeof COST_PERMALINK_VERSION;
	/** `g`: catalog GPU id the prices refer to. */
	gpu: string;
	/** `pp`: purchase price. */
	purchasePrice: number;
	/** `cond`: bought new or used. */
	condition: Condition;
	/** `mo`: amortisation months, 1 to 120. */
	months: number;
	/** `rv`: resale value at the end; at most the purchase price. */
	resaleValue: number;
	/** `w`: board power under load in watts. */
	powerW: number;
	/** `kwh`: electricity price per kWh. */
	electricityPricePerKWh: number;
	/** `h`: hours of use per month, whole hours from 0 to 744. */
	hoursPerMonth: number;
	/** `cp`: cloud price per GPU-hour. */
	cloudPricePerHour: number;
	/**
	 * `tf`: where `tokensPerSecond` comes from: `m:<model id>` (the engine's estimate for that
	 * model on the GPU), `b:<benchmark id>` (a measurement) or ENTERED_THROUGHPUT.
	 */
	throughputSource: string;
	/** `tps`: throughput of the owned hardware in tokens per second; 0 when unknown. */
	tokensPerSecond: number;
	/** `ctps`: throughput of the rented GPU in tokens per second; 0 means the same as `tps`. */
	cloudTokensPerSecond: number;
	/** `cur`: currency of every amount. */
	currency: Currency;
}

/** Limits of every number the cost link carries; money is in the link's currency (`cur`). */
export const COST_LIMITS = {
	money: { min: 0, max: 1_000_000, decimals: 2, unit: '' },
	months: { min: 1, max: 120, decimals: 0, unit: 'months' },
	powerW: { min: 1, max: 10_000, decimals: 0, unit: 'W' },
	pricePerKWh: { min: 0, max: 10, decimals: 4, unit: '' },
	hoursPerMonth: { min: 0, max: MAX_HOURS_PER_MONTH, decimals: 0, unit: 'hours' },
	pricePerHour: { min: 0, max: 1000, decimals: 4, unit: '' },
	// Two decimals, so a measured 279.65 tok/s is carried as the benchmark states it.
	tokensPerSecond: { min: 0, max: 100_000, decimals: 2, unit: 'tokens/s' },
} as const satisfies Record<string, NumberRule>;

/**
 * Decimals of `h` that links read: links written before hours became whole carried one (10.5),
 * and are rounded to whole hours with a note.
 */
const LINK_HOURS_DECIMALS = 1;

/** One documented key of the cost link. */
export interface CostPermalinkKey {
	/** The query key. */
	key: string;
	/** The state field it fills. */
	field: keyof CostState;
	/** Format, range and unit, for the README and docs. */
	description: string;
}

/** Every key of the cost page's link, in the order links are written. */
export const COST_PERMALINK_KEYS: readonly CostPermalinkKey[] = [
	{ key: 'v', field: 'version', description: 'Version of the key layout, always written: `1`.' },
	{ key: 'g', field: 'gpu', description: 'GPU id from the catalog, e.g. `rtx-3090`.' },
	{ key: 'pp', field: 'purchasePrice', description: 'Purchase price, 0 to 1000000, 2 decimals.' },
	{ key: 'cond', field: 'condition', description: 'Bought `new` or `used`.' },
	{ key: 'mo', field: 'months', description: 'Amortisation months, a whole number, 1 to 120.' },
	{ key: 'rv', field: 'resaleValue', description: 'Resale value at the end, 0 to 1000000.' },
	{ key: 'w', field: 'powerW', description: 'Board power under load in watts, 1 to 10000.' },
	{
		key: 'kwh',
		field: 'electricityPricePerKWh',
		description: 'Electricity price per kWh, 0 to 10.',
	},
	{
		key: 'h',
		field: 'hoursPerMonth',
		description: 'Hours of use per month, whole, 0 to 744 (one decimal is read and rounded).',
	},
	{ key: 'cp', field: 'cloudPricePerHour', description: 'Cloud price per GPU-hour, 0 to 1000.' },
	{
		key: 'tf',
		field: 'throughputSource',
		description:
			'Where `tps` comes from: `m:` and a model id (the engine estimate on this GPU), `b:` and ' +
			'a benchmark id, or `entered`. Absent: `entered` when the link sets `tps`, else the default.',
	},
	{
		key: 'tps',
		field: 'tokensPerSecond',
		description: 'Own throughput in tokens/s, 2 decimals (0: unknown).',
	},
	{
		key: 'ctps',
		field: 'cloudTokensPerSecond',
		description: 'Cloud throughput in tokens/s; 0 or absent means the same as `tps`.',
	},
	{ key: 'cur', field: 'currency', description: `Currency: ${CURRENCIES.join(', ')}.` },
];

const COST_KEY_NAMES = COST_PERMALINK_KEYS.map((entry) => entry.key);

/** The number fields of the cost link: key, field, label for messages, limits. */
const COST_NUMBER_FIELDS = [
	['pp', 'purchasePrice', 'Purchase price', COST_LIMITS.money],
	['mo', 'months', 'Amortisation period', COST_LIMITS.months],
	['rv', 'resaleValue', 'Resale value', COST_LIMITS.money],
	['w', 'powerW', 'Board power', COST_LIMITS.powerW],
	['kwh', 'electricityPricePerKWh', 'Electricity price', COST_LIMITS.pricePerKWh],
	['h', 'hoursPerMonth', 'Hours of use per month', COST_LIMITS.hoursPerMonth],
	['cp', 'cloudPricePerHour', 'Cloud price', COST_LIMITS.pricePerHour],
	['tps', 'tokensPerSecond', 'Throughput', COST_LIMITS.tokensPerSecond],
	['ctps', 'cloudTokensPerSecond', 'Cloud throughput', COST_LIMITS.tokensPerSecond],
] as const satisfies ReadonlyArray<readonly [string, keyof CostState, string, NumberRule]>;

/** A number field of the cost state. */
export type CostNumberField = (typeof COST_NUMBER_FIELDS)[number][1];

/** The limits and decimals of each number field, as the cost link reads it. */
export const COST_NUMBER_RULES = Object.fromEntries(
	COST_NUMBER_FIELDS.map(([, field, , rule]) => [field, rule]),
) as Readonly<Record<CostNumberField, NumberRule>>;

/** The words after an amount of each money field ('' for a plain amount); others are not money. */
const MONEY_SUFFIXES: Partial<Record<CostNumberField, string>> = {
	purchasePrice: '',
	resaleValue: '',
	electricityPricePerKWh: ' per kWh',
	cloudPricePerHour: ' per GPU-hour',
};

/**
 * Describes a value of a number field for a message: money with its currency ("$500.00",
 * "$0.12 per kWh"), anything else with its unit ("24 months").
 */
export function describeCostValue(
	field: CostNumberField,
	value: number,
	currency: Currency,
	locale = 'en-US',
): string {
	const suffix = MONEY_SUFFIXES[field];
	if (suffix === undefined) return formatWithUnit(value, COST_NUMBER_RULES[field].unit);
	return `${formatMoney(value, currency, locale)}${suffix}`;
}

/**
 * The link rule of a number field: money described in `currency`, and hours read with the
 * decimal older links carry, then rounded to whole hours with a note.
 */
function makeCostNumberRule(
	key: string,
	field: CostNumberField,
	label: string,
	rule: NumberRule,
	currency: Currency,
): FieldRule<number> {
	if (field === 'hoursPerMonth') {
		return { ...makeNumberRule(key, label, rule), parse: (text) => parseLinkHours(text, rule) };
	}
	if (MONEY_SUFFIXES[field] === undefined) return makeNumberRule(key, label, rule);

	const describe = (value: number) => describeCostValue(field, value, currency);
	const parse = (text: string): Parsed<number> => {
		// The limits are checked here, so that they too are described as money.
		const parsed = parseBoundedNumber(text, { ...rule, min: -Infinity, max: Infinity });
		if (!parsed.ok) return parsed;
		if (parsed.value < rule.min) {
			return { ok: false, problem: `is below the minimum of ${describe(rule.min)}` };
		}
		if (parsed.value > rule.max) {
			return { ok: false, problem: `is above the maximum of ${describe(rule.max)}` };
		}
		return parsed;
	};
	return { key, label, parse, describe };
}

/** Reads `h`: whole hours, or one decimal from an older link rounded with a note. */
function parseLinkHours(text: string, rule: NumberRule): Parsed<number> {
	const parsed = parseBoundedNumber(text, { ...rule, decimals: LINK_HOURS_DECIMALS });
	if (!parsed.ok || Number.isInteger(parsed.value)) return parsed;
	const rounded = Math.round(parsed.value);
	return {
		ok: true,
		value: rounded,
		notes: [
			{
				value: text,
				reason:
					`Hours of use per month ${quote(text)} are rounded to ` +
					`${formatWithUnit(rounded, rule.unit)}, since the slider moves in whole hours.`,
			},
		],
	};
}

const COST_VERSION_RULE = makeVersionRule(COST_PERMALINK_VERSION);

/** Ids a cost link may refer to. */
export interface CostKnownIds {
	/** Catalog GPU ids. */
	gpus: ReadonlySet<string>;
	/** `tf` values besides ENTERED_THROUGHPUT: `m:<model id>` and `b:<benchmark id>`. */
	throughputSources: ReadonlySet<string>;
}

/** What `decodeCostState` returns: a valid state and every part of the link it did not use. */
export interface DecodedCostState {
	/** The state, valid for the given ids. */
	state: CostState;
	/** Settings not taken as written, each with a sentence saying why. */
	ignored: IgnoredParam[];
}

/**
 * Reads the cost page's state from a query. Never throws: whatever cannot be used keeps its
 * value from `defaults` (which must be valid) and is listed in `ignored`. A link that states a
 * valid `tps` without `tf` brought its own throughput, so `tf` is then ENTERED_THROUGHPUT.
 */
export function decodeCostState(
	query: string | URLSearchParams,
	known: CostKnownIds,
	defaults: CostState,
): DecodedCostState {
	const { values, ignored } = readQuery(query, COST_KEY_NAMES);
	const version = takeField(values, COST_VERSION_RULE, COST_PERMALINK_VERSION, ignored);
	const gpuRule: FieldRule<string> = {
		key: 'g',
		label: 'GPU',
		parse: (text) => parseKnownId(text, known.gpus, 'the catalog'),
		describe: String,
	};
	const gpu = takeField(values, gpuRule, defaults.gpu, ignored);
	const conditionRule = makeEnumRule('cond', 'Condition', CONDITIONS);
	const condition = takeField(values, conditionRule, defaults.condition, ignored);

	// The currency is read first, since messages about money name it; its own message is listed
	// last, in key order.
	const currencyIgnored: IgnoredParam[] = [];
	const currencyRule = makeEnumRule('cur', 'Currency', CURRENCIES);
	const currency = takeField(values, currencyRule, defaults.currency, currencyIgnored);
	const money = (amount: number) => formatMoney(amount, currency);

	const numbers = {} as Record<CostNumberField, number>;
	for (const [key, field, label, rule] of COST_NUMBER_FIELDS) {
		const fieldRule = makeCostNumberRule(key, field, label, rule, currency);
		numbers[field] = takeField(values, fieldRule, defaults[field], ignored);
	}
	if (numbers.resaleValue > numbers.purchasePrice) {
		// The rule is attached to the resale value, the field a reader would lower.
		const fallback = Math.min(defaults.resaleValue, numbers.purchasePrice);
		const instead = fallback === defaults.resaleValue ? 'the default' : 'the purchase price';
		const text = values.get('rv') ?? String(numbers.resaleValue);
		ignored.push({
			key: 'rv',
			value: toSafeExcerpt(text),
			reason:
				`Resale value ${quote(text)} is above the purchase price ` +
				`(${money(numbers.purchasePrice)}), so ${instead} (${money(fallback)}) is used.`,
		});
		numbers.resaleValue = fallback;
	}

	const tpsText = values.get('tps');
	const tpsStated =
		tpsText !== undefined && parseBoundedNumber(tpsText, COST_LIMITS.tokensPerSecond).ok;
	const sourceRule: FieldRule<string> = {
		key: 'tf',
		label: 'Throughput source',
		parse: (text) =>
			text === ENTERED_THROUGHPUT
				? { ok: true, value: text }
				: parseKnownId(text, known.throughputSources, "the catalog's models and benchmarks"),
		describe: String,
	};
	const sourceFallback = tpsStated ? ENTERED_THROUGHPUT : defaults.throughputSource;
	const throughputSource = takeField(values, sourceRule, sourceFallback, ignored);
	ignored.push(...currencyIgnored);

	return {
		state: { version, gpu, condition, ...numbers, throughputSource, currency },
		ignored,
	};
}

/**
 * Writes the cost page's state as a query (without `?`): keys in COST_PERMALINK_KEYS order,
 * values equal to what the link stands for without them left out, `v` always written. Without
 * `tf`, a link that writes `tps` stands for ENTERED_THROUGHPUT (see decodeCostState).
 */
export function encodeCostState(state: CostState, defaults: CostState): string {
	const pairs: Array<[string, string]> = [['v', String(state.version)]];
	const add = (key: string, value: string, fallback: string) => {
		if (value !== fallback) pairs.push([key, value]);
	};

	const writesTps = String(state.tokensPerSecond) !== String(defaults.tokensPerSecond);
	const sourceFallback = writesTps ? ENTERED_THROUGHPUT : defaults.throughputSource;
	for (const { key, field } of COST_PERMALINK_KEYS) {
		if (key === 'v') continue;
		// Every field is a word or a number, and String() writes a number as formatQueryNumber does.
		const fallback = key === 'tf' ? sourceFallback : String(defaults[field]);
		add(key, String(state[field]), fallback);
	}
	return joinQuery(pairs);
}

/** Whether a value is a cost state `decodeCostState` could return for these ids. */
export function isValidCostState(value: unknown, known?: CostKnownIds): value is CostState {
	if (typeof value !== 'object' || value === null) return false;
	const state = value as CostState;
	if (state.version !== COST_PERMALINK_VERSION || typeof state.gpu !== 'string') return false;
	if (known && !known.gpus.has(state.gpu)) return false;
	if (!CONDITIONS.includes(state.condition) || !CURRENCIES.includes(state.currency)) return false;
	const source = state.throughputSource;
	if (typeof source !== 'string' || source === '') return false;
	if (known && source !== ENTERED_THROUGHPUT && !known.throughputSources.has(source)) return false;
	const numbersValid = COST_NUMBER_FIELDS.every(([, field, , rule]) =>
		isWithinRule(state[field], rule),
	);
	return numbersValid && state.resaleValue <= state.purchasePrice;
}

/** What a typed number does to the cost state: the new state, or a sentence saying why not. */
export type CostInputResult = { ok: true; state: CostState } | { ok: false; problem: string };

/**
 * Puts a number a reader typed into the cost state, rounded to the decimals the link keeps so
 * the page never holds a value its own link would refuse; a typed throughput becomes the
 * reader's own (ENTERED_THROUGHPUT). Refuses, with a sentence for the field's message, text
 * that is not a number, a value outside the link's limits (money in the state's currency), and
 * a resale value above the purchase price (or a purchase price below the resale value).
 */
export function applyCostInput(
	state: CostState,
	field: CostNumberField,
	text: string,
	locale = 'en-US',
): CostInputResult {
	const rule = COST_NUMBER_RULES[field];
	const value = parseTypedNumber(text, rule);
	if (value === null) {
		const isMoney = MONEY_SUFFIXES[field] !== undefined;
		// The unit is written once, after the upper limit: "from 1 to 120 months".
		const from = isMoney
			? formatMoney(rule.min, state.currency, locale)
			: formatPlainNumber(rule.min);
		const to = describeCostValue(field, rule.max, state.currency, locale);
		const what = isMoney ? 'an amount' : 'a number';
		return { ok: false, problem: `Enter ${what} from ${from} to ${to}.` };
	}

	const money = (amount: number) => formatMoney(amount, state.currency, locale);
	if (field === 'resaleValue' && value > state.purchasePrice) {
		return {
			ok: false,
			problem:
				'The resale value cannot be above the purchase price ' + `(${money(state.purchasePrice)}).`,
		};
	}
	if (field === 'purchasePrice' && value < state.resaleValue) {
		return {
			ok: false,
			problem:
				`The purchase price cannot be below the resale value (${money(state.resaleValue)}); ` +
				'lower the resale value first.',
		};
	}
	const throughput = field === 'tokensPerSecond' ? { throughputSource: ENTERED_THROUGHPUT } : {};
	return { ok: true, state: { ...state, [field]: value, ...throughput } };
}

/** Turns the page's state into comparison inputs (a cloud throughput of 0 means the own one). */
export function toCostInputs(state: CostState): CostInputs {
	const inputs: CostInputs = {
		purchasePrice: state.purchasePrice,
		amortisationMonths: state.months,
		resaleValue: state.resaleValue,
		powerW: state.powerW,
		electricityPricePerKWh: state.electricityPricePerKWh,
		hoursPerMonth: state.hoursPerMonth,
		cloudPricePerHour: state.cloudPricePerHour,
		tokensPerSecond: state.tokensPerSecond,
		currency: state.currency,
	};
	if (state.cloudTokensPerSecond > 0) inputs.cloudTokensPerSecond = state.cloudTokensPerSecond;
	return inputs;
}
