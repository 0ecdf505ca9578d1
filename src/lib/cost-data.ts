/**
 * The cost page's catalog data as the island receives it, and what the island does with it:
 * the state a GPU opens with, a GPU or throughput choice, the throughput hint and the page's
 * links. It imports no engine: the engine's figures are computed at build time
 * (cost-catalog.ts) and arrive here as plain numbers, so the island ships only this.
 */
import {
	decodeCostState,
	encodeCostState,
	ENTERED_THROUGHPUT,
	formatNumber,
	type Condition,
	type CostKnownIds,
	type CostState,
	type Currency,
	type DecodedCostState,
} from './cost.ts';

/** A purchase price the reader can start from. */
export interface CostPurchase {
	/** Price record id. */
	id: string;
	/** Whether the price is for a new or a used card. */
	condition: Condition;
	/** Lowest price seen, in `currency`. */
	low: number;
	/** Highest price seen, in `currency`, when the source gives a range. */
	high?: number;
	/** Currency of the amounts. */
	currency: Currency;
	/** Day or month the price was seen. */
	date: string;
	/** Publisher of the price's source. */
	source: string;
}

/** A GPU as the cost page needs it. */
export interface CostGpu {
	/** Catalog GPU id. */
	id: string;
	/** Short name, e.g. "RTX 3090". */
	name: string;
	/** Board power in watts, from the specification. */
	boardPowerW: number;
	/** Purchase records, newest first. */
	purchases: CostPurchase[];
	/**
	 * The engine's decode speed in tokens per second for each of `CostData.models`, in that
	 * order; 0 where the model does not fit on this GPU.
	 */
	estimates: number[];
}

/** A cloud offer the reader can compare against. */
export interface CostRental {
	/** Price record id. */
	id: string;
	/** Short name of the rented GPU. */
	gpuName: string;
	/** Who rents it out. */
	provider: string;
	/** Lowest price per GPU-hour seen, in `currency`. */
	low: number;
	/** Highest price per GPU-hour seen, when the source gives a range. */
	high?: number;
	/** Currency of the amounts. */
	currency: Currency;
	/** Day or month the price was seen. */
	date: string;
	/** Publisher of the price's source. */
	source: string;
}

/** A catalog model whose throughput the engine estimates, at one quant. */
export interface CostModel {
	/** Catalog model id. */
	id: string;
	/** Model name. */
	name: string;
	/** Catalog quant id the estimate is for. */
	quant: string;
	/** Quant name as the catalog spells it, e.g. "Q4_K_M". */
	quantName: string;
}

/** How a measured speed was obtained, as the benchmark schema says. */
export type CostEvidence = 'measured' | 'community-reported' | 'vendor-claimed';

/** A measured decode speed on one card, from the catalog's benchmarks. */
export interface CostMeasurement {
	/** Benchmark id. */
	id: string;
	/** Catalog GPU id of the one card it ran on. */
	gpu: string;
	/** Catalog model id. */
	model: string;
	/** Model name. */
	modelName: string;
	/** Quant name, e.g. "IQ4_XS". */
	quantName: string;
	/** Decode speed in tokens per second (the low end of a range). */
	tps: number;
	/** High end of the decode speed when the source gives a range. */
	tpsHigh?: number;
	/** Runtime that ran it, e.g. "llama.cpp". */
	runtime: string;
	/** Tokens in the context when the speed was read, when the source states it. */
	contextDepth?: number;
	/** Publisher of the source. */
	publisher: string;
	/** How the figure was obtained. */
	evidence: CostEvidence;
	/** Day or month of the run or the report. */
	date: string;
}

/** Everything the cost island needs from the catalog. */
export interface CostData {
	/** Every catalog GPU. */
	gpus: CostGpu[];
	/** Every rental offer, newest first. */
	rentals: CostRental[];
	/** The models whose speed the engine estimates on each GPU (`CostGpu.estimates`). */
	models: CostModel[];
	/** Measured speeds on one card, for every GPU. */
	measurements: CostMeasurement[];
	/** Id of the model whose estimate a GPU's state starts from. */
	referenceModel: string;
	/** Context length in tokens the estimates are for (the calculator's default). */
	estimateContext: number;
}

/** The `tf` value of the engine's estimate for a model. */
export function toModelSource(modelId: string): string {
	return `m:${modelId}`;
}

/** The `tf` value of a measured benchmark. */
export function toMeasurementSource(benchmarkId: string): string {
	return `b:${benchmarkId}`;
}

/** What a `tf` value points at: a model, a measurement, or the reader's own figure. */
type ThroughputTarget =
	| { kind: 'model'; model: CostModel; index: number }
	| { kind: 'measurement'; measurement: CostMeasurement }
	| { kind: 'entered' };

/** Looks a `tf` value up; undefined when it names nothing in the data. */
function findThroughputTarget(source: string, data: CostData): ThroughputTarget | undefined {
	if (source === ENTERED_THROUGHPUT) return { kind: 'entered' };
	const index = data.models.findIndex((m) => toModelSource(m.id) === source);
	if (index >= 0) return { kind: 'model', model: data.models[index]!, index };
	const measurement = data.measurements.find((m) => toMeasurementSource(m.id) === source);
	return measurement ? { kind: 'measurement', measurement } : undefined;
}

/** The ids a cost link may name: GPUs, and the models and measurements `tf` may point at. */
export function getCostKnownIds(data: CostData): CostKnownIds {
	return {
		gpus: new Set(data.gpus.map((g) => g.id)),
		throughputSources: new Set([
			...data.models.map((m) => toModelSource(m.id)),
			...data.measurements.map((m) => toMeasurementSource(m.id)),
		]),
	};
}

/** The engine's decode speed for a model on a GPU, in tokens per second; 0 when it does not fit. */
export function getThroughputEstimate(data: CostData, gpuId: string, modelId: string): number {
	const index = data.models.findIndex((m) => m.id === modelId);
	return data.gpus.find((g) => g.id === gpuId)?.estimates[index] ?? 0;
}

/**
 * The state with its throughput taken from `source`: a model's estimate on the state's GPU (0,
 * unknown, when it does not fit), a measurement's speed, or, for ENTERED_THROUGHPUT, the
 * throughput as it is. A source that names nothing in the data leaves the state as it is.
 */
export function applyThroughputSource(state: CostState, source: string, data: CostData): CostState {
	const target = findThroughputTarget(source, data);
	if (!target) return state;
	if (target.kind === 'entered') return { ...state, throughputSource: source };
	const tokensPerSecond =
		target.kind === 'model'
			? (data.gpus.find((g) => g.id === state.gpu)?.estimates[target.index] ?? 0)
			: target.measurement.tps;
	return { ...state, throughputSource: source, tokensPerSecond };
}

/**
 * The article's assumptions that hold for any card (source `article-nemotron-cascade-2-local`):
 * 24 months of amortisation, no resale, $0.12 per kWh and 30 hours of use a month. The article's
 * worked example (cost-catalog.ts) states the same.
 */
export const COST_ASSUMPTIONS = {
	months: 24,
	resaleValue: 0,
	pricePerKWh: 0.12,
	hoursPerMonth: 30,
} as const;

/**
 * What the cost page opens with for a GPU: its newest purchase, its power, a rental offer, all
 * in US dollars (the state's currency). A picked record in another currency is not applied, for
 * the same reason as in applyGpuChoice: the site has no sourced exchange rates.
 */
export function createCostState(
	data: CostData,
	picks: { gpu: string; purchase?: string; rental?: string },
): CostState {
	const currency: Currency = 'USD';
	const inCurrency = (record: { currency: Currency }) => record.currency === currency;
	const gpu = data.gpus.find((g) => g.id === picks.gpu) ?? data.gpus[0]!;
	const purchases = gpu.purchases.filter(inCurrency);
	const rentals = data.rentals.filter(inCurrency);
	const purchase = purchases.find((p) => p.id === picks.purchase) ?? purchases[0];
	const rental = rentals.find((r) => r.id === picks.rental) ?? rentals[0];
	const state: CostState = {
		version: 1,
		gpu: gpu.id,
		purchasePrice: purchase?.low ?? 0,
		condition: purchase?.condition ?? 'new',
		months: COST_ASSUMPTIONS.months,
		resaleValue: COST_ASSUMPTIONS.resaleValue,
		powerW: gpu.boardPowerW,
		electricityPricePerKWh: COST_ASSUMPTIONS.pricePerKWh,
		hoursPerMonth: COST_ASSUMPTIONS.hoursPerMonth,
		cloudPricePerHour: rental?.low ?? 0,
		throughputSource: ENTERED_THROUGHPUT,
		tokensPerSecond: 0,
		cloudTokensPerSecond: 0,
		currency,
	};
	return applyThroughputSource(state, toModelSource(data.referenceModel), data);
}

/**
 * The state after the reader picks another GPU: its board power, its newest catalog price and
 * condition when that price is in the state's currency, and a throughput for it. A price in
 * another currency is never applied as this one, since the site has no sourced exchange rates;
 * the old price then stays. A resale value above the new price is lowered to it. A model's
 * estimate is taken anew for the new GPU (0, unknown, when the model does not fit); a
 * measurement belongs to the card it was taken on, so the same model's estimate stands in for
 * it; an entered throughput stays.
 */
export function applyGpuChoice(state: CostState, gpuId: string, data: CostData): CostState {
	const gpu = data.gpus.find((g) => g.id === gpuId);
	if (!gpu) return state;
	const purchase = gpu.purchases.find((p) => p.currency === state.currency);
	const purchasePrice = purchase?.low ?? state.purchasePrice;
	const moved: CostState = {
		...state,
		gpu: gpu.id,
		purchasePrice,
		condition: purchase?.condition ?? state.condition,
		resaleValue: Math.min(state.resaleValue, purchasePrice),
		powerW: gpu.boardPowerW,
	};

	const target = findThroughputTarget(state.throughputSource, data);
	if (target?.kind !== 'measurement')
		return applyThroughputSource(moved, state.throughputSource, data);
	if (target.measurement.gpu === gpu.id) return moved;
	const model = toModelSource(target.measurement.model);
	const estimated = applyThroughputSource(moved, model, data);
	return estimated === moved ? { ...moved, throughputSource: ENTERED_THROUGHPUT } : estimated;
}

/**
 * What a cost link stands for where it leaves a value out. For the default GPU and throughput
 * source, the site's defaults. A link naming another GPU (as the calculator's and the GPU pages'
 * links do) means that GPU's own catalog price, condition, power and throughput, as
 * `applyGpuChoice` picks them in the link's currency; a link naming another throughput source
 * means that source's throughput. `gpu`, `currency` and `throughputSource` stay the site's,
 * since they say whether `g`, `cur` and `tf` are written at all.
 */
export function deriveCostLinkDefaults(
	defaults: CostState,
	choice: Pick<CostState, 'gpu' | 'currency' | 'throughputSource'>,
	data: CostData,
): CostState {
	const sameGpu = choice.gpu === defaults.gpu;
	if (sameGpu && choice.throughputSource === defaults.throughputSource) return defaults;
	const onGpu = sameGpu
		? defaults
		: applyGpuChoice({ ...defaults, currency: choice.currency }, choice.gpu, data);
	const chosen = applyThroughputSource(onGpu, choice.throughputSource, data);
	return {
		...chosen,
		gpu: defaults.gpu,
		currency: defaults.currency,
		throughputSource: defaults.throughputSource,
	};
}

/**
 * Reads a cost link the way the cost page does: the GPU, currency and throughput source first,
 * then every other value against the defaults for them (`deriveCostLinkDefaults`). Never throws.
 */
export function decodeCostLink(
	query: string | URLSearchParams,
	data: CostData,
	defaults: CostState,
): DecodedCostState {
	const known = getCostKnownIds(data);
	const first = decodeCostState(query, known, defaults);
	const linkDefaults = deriveCostLinkDefaults(defaults, first.state, data);
	// Read again so that every fallback, and every message naming one, is the linked GPU's.
	return linkDefaults === defaults ? first : decodeCostState(query, known, linkDefaults);
}

/**
 * Writes a cost link (without `?`) that `decodeCostLink` reads back as exactly this state:
 * values are left out only when they equal what the link stands for without them.
 */
export function encodeCostLink(state: CostState, data: CostData, defaults: CostState): string {
	return encodeCostState(state, deriveCostLinkDefaults(defaults, state, data));
}

/** One choice of the "Throughput from" select. */
export interface ThroughputOption {
	/** The `tf` value it sets. */
	value: string;
	/** What the reader reads, with the figure. */
	label: string;
	/** Which group it is listed in. */
	group: 'entered' | 'estimate' | 'measured';
	/** True for a model that does not fit on the GPU: listed, but it gives no figure. */
	disabled: boolean;
}

/** Decimals a throughput is shown with: as many as the cost link keeps. */
const THROUGHPUT_DECIMALS = 2;

/** Formats a throughput for labels: "139 tok/s", "279.65 tok/s", with a no-break space. */
export function formatThroughput(tps: number): string {
	return formatNumber(tps, 'tok/s', 'en-US', THROUGHPUT_DECIMALS);
}

/** Describes a measurement's speed: "196 tok/s", or "80–85 tok/s" for a range. */
function formatMeasuredSpeed(measurement: CostMeasurement): string {
	if (measurement.tpsHigh === undefined) return formatThroughput(measurement.tps);
	const low = new Intl.NumberFormat('en-US', { maximumFractionDigits: THROUGHPUT_DECIMALS });
	return `${low.format(measurement.tps)}–${formatThroughput(measurement.tpsHigh)}`;
}

/** Where and how a measurement was made, for labels: "llama.cpp, at 4,096 tokens of context". */
function describeMeasuredSetup(measurement: CostMeasurement): string {
	const depth =
		measurement.contextDepth === undefined
			? ''
			: `, at ${formatNumber(measurement.contextDepth, 'tokens', 'en-US', 0)} of context`;
	return `${measurement.runtime}${depth}`;
}

/**
 * The choices of the "Throughput from" select on the state's GPU: the reader's own figure,
 * the engine's estimate for every model (those that do not fit listed but disabled), and every
 * measurement on this card. A measurement from another card that the state points at (only a
 * hand-written link can) is listed too, so the select can show it.
 */
export function listThroughputOptions(state: CostState, data: CostData): ThroughputOption[] {
	const gpu = data.gpus.find((g) => g.id === state.gpu);
	const options: ThroughputOption[] = [
		{ value: ENTERED_THROUGHPUT, label: 'A figure I enter', group: 'entered', disabled: false },
	];
	data.models.forEach((model, index) => {
		const tps = gpu?.estimates[index] ?? 0;
		const figure = tps > 0 ? formatThroughput(tps) : 'does not fit';
		options.push({
			value: toModelSource(model.id),
			label: `${model.name} at ${model.quantName}: ${figure}`,
			group: 'estimate',
			disabled: tps === 0,
		});
	});
	for (const measurement of data.measurements) {
		const value = toMeasurementSource(measurement.id);
		if (measurement.gpu !== state.gpu && value !== state.throughputSource) continue;
		options.push({
			value,
			label:
				`${measurement.modelName} at ${measurement.quantName}: ` +
				`${formatMeasuredSpeed(measurement)} (${measurement.publisher}, ${measurement.evidence})`,
			group: 'measured',
			disabled: false,
		});
	}
	return options;
}

/**
 * Says where the state's throughput comes from, in a sentence or two: the engine's estimate
 * (for which model, quant, GPU and context), a measurement (runtime, source, evidence, date) or
 * the reader's own figure, and when the figure in the field is not the one the source gives.
 */
export function describeThroughput(state: CostState, data: CostData): string {
	const nameGpu = (id: string) => data.gpus.find((g) => g.id === id)?.name ?? id;
	const gpuName = nameGpu(state.gpu);
	const target = findThroughputTarget(state.throughputSource, data);
	// Only a hand-written link can hold a source and another figure; the field then says so.
	const noteIfOther = (tps: number) =>
		state.tokensPerSecond === tps
			? ''
			: ` The throughput above (${formatThroughput(state.tokensPerSecond)}) is not that figure.`;

	if (target?.kind === 'model') {
		const { model } = target;
		const tps = getThroughputEstimate(data, state.gpu, model.id);
		if (tps === 0) {
			return (
				`${model.name} at ${model.quantName} does not fit on the ${gpuName} by the engine's ` +
				'estimate, so there is no estimate to use: pick another model or enter a throughput.'
			);
		}
		const context = formatNumber(data.estimateContext, 'tokens', 'en-US', 0);
		return (
			`The engine estimates ${formatThroughput(tps)} for ${model.name} at ` +
			`${model.quantName} on the ${gpuName} (generation, ${context} of context, llama.cpp).` +
			noteIfOther(tps)
		);
	}
	if (target?.kind === 'measurement') {
		const { measurement } = target;
		const where =
			measurement.gpu === state.gpu
				? `on the ${gpuName}`
				: `on the ${nameGpu(measurement.gpu)}, not the ${gpuName}`;
		return (
			`Measured ${where}: ${measurement.modelName} at ${measurement.quantName}, ` +
			`${formatMeasuredSpeed(measurement)} with ${describeMeasuredSetup(measurement)} ` +
			`(${measurement.publisher}, ${measurement.evidence}, ${measurement.date}).` +
			noteIfOther(measurement.tps)
		);
	}
	if (state.tokensPerSecond === 0) {
		return 'No throughput is set, so the cost per million tokens is not shown.';
	}
	return (
		`${formatThroughput(state.tokensPerSecond)} is a figure you entered or your link brought; ` +
		'"Throughput from" lists the engine\'s estimates and the measurements for this GPU.'
	);
}
