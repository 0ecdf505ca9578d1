import { useMemo, useState } from 'preact/hooks';
import {
	applyCostInput,
	buildCumulativeCostSeries,
	chooseMoneyDigits,
	computeCostComparison,
	COST_NUMBER_RULES,
	describeCostSeries,
	formatHours,
	formatMoney,
	MAX_HOURS_PER_MONTH,
	toCostChartConfig,
	toCostInputs,
	type CostNumberField,
	type CostState,
} from '../lib/cost.ts';
import {
	applyGpuChoice,
	applyThroughputSource,
	decodeCostLink,
	describeThroughput,
	encodeCostLink,
	listThroughputOptions,
	type CostData,
	type ThroughputOption,
} from '../lib/cost-data.ts';
import { LazyChart } from './charts/LazyChart.tsx';
import { IgnoredNotice } from './shared/IgnoredNotice.tsx';
import { useAddressState } from './shared/useAddressState.ts';

interface Props {
	data: CostData;
	initial: CostState;
	defaults: CostState;
	syncUrl?: boolean;
	idPrefix?: string;
}

/** The buy-or-rent comparison: the reader's numbers in, monthly costs, break-even and a chart out. */
export default function CostSlider({ data, initial, defaults, syncUrl = false, idPrefix = 'cost' }: Props) {
	const [copied, setCopied] = useState('');
	const [problem, setProblem] = useState<{ field: CostNumberField; text: string } | null>(null);
	const { state, setState, setGestureState, endGesture, ignored, query } = useAddressState({
		enabled: syncUrl,
		initial,
		read: (search) => decodeCostLink(search, data, defaults),
		write: (current) => encodeCostLink(current, data, defaults),
	});
	const inputs = toCostInputs(state);
	const comparison = computeCostComparison(inputs);
	const series = useMemo(() => buildCumulativeCostSeries(toCostInputs(state)), [state]);
	const money = (value: number) => formatMoney(value, state.currency);
	const chartConfig = useMemo(
		() =>
			toCostChartConfig(series, {
				own: 'Owning (cumulative)',
				rent: 'Renting (cumulative)',
				crossover: 'Break-even',
				month: 'Months since purchase',
				cost: `Cumulative cost (${state.currency})`,
			}),
		[series, state.currency],
	);
	const gpu = data.gpus.find((g) => g.id === state.gpu);
	const id = (name: string) => `${idPrefix}-${name}`;

	const update = (change: (current: CostState) => CostState) => {
		setState(change);
		setProblem(null);
		setCopied('');
	};
	// Catalog records are priced in their own currency; without sourced exchange rates, only
	// records in the reader's currency are applied.
	const inCurrency = (record: { currency: string }) => record.currency === state.currency;
	const records = [...data.rentals, ...data.gpus.flatMap((g) => g.purchases)];
	const sourceCurrencies = [...new Set([defaults.currency, ...records.map((r) => r.currency)])];
	const numberInput = (
		name: string,
		label: string,
		field: CostNumberField,
		step?: number,
		hintId?: string,
	) => {
		const rule = COST_NUMBER_RULES[field];
		const problemId = id(`${name}-problem`);
		const text = problem?.field === field ? problem.text : '';
		const describedBy = [text ? problemId : '', hintId ?? ''].filter(Boolean).join(' ');
		return (
			<>
				<label for={id(name)}>{label}</label>
				<input
					id={id(name)}
					type="number"
					inputMode={rule.decimals > 0 ? 'decimal' : 'numeric'}
					min={rule.min}
					max={rule.max}
					step={step ?? 1 / 10 ** rule.decimals}
					value={state[field]}
					aria-describedby={describedBy || undefined}
					aria-invalid={text ? 'true' : undefined}
					onChange={(e) => {
						const result = applyCostInput(state, field, e.currentTarget.value);
						if (result.ok) update(() => result.state);
						else setProblem({ field, text: result.problem });
					}}
				/>
				{text && (
					<p id={problemId} class="error" role="alert">
						{text}
					</p>
				)}
			</>
		);
	};
	const throughputOptions = listThroughputOptions(state, data);
	const optionsIn = (group: ThroughputOption['group']) =>
		throughputOptions
			.filter((option) => option.group === group)
			.map((option) => (
				<option value={option.value} disabled={option.disabled}>
					{option.label}
				</option>
			));
	const measured = optionsIn('measured');
	const perMillionDigits = chooseMoneyDigits([
		comparison.ownPerMillionTokens,
		comparison.rentPerMillionTokens,
	]);
	const perMillion = (value: number | null) =>
		value === null ? '—' : formatMoney(value, state.currency, 'en-US', perMillionDigits);

	const breakEven = comparison.breakEven;
	return (
		<div class="cost">
			<IgnoredNotice ignored={ignored} />
			<form class="inputs" onSubmit={(e) => e.preventDefault()}>
				<fieldset>
					<legend>Owning</legend>
					<label for={id('gpu')}>GPU</label>
					<select
						id={id('gpu')}
						value={state.gpu}
						onChange={(e) => {
							const gpuId = e.currentTarget.value;
							update((current) => applyGpuChoice(current, gpuId, data));
						}}
					>
						{data.gpus.map((g) => (
							<option value={g.id}>{g.name}</option>
						))}
					</select>
					{gpu && gpu.purchases.length > 0 && (
						<p class="muted">
							Catalog prices:{' '}
							{gpu.purchases.map((p, index) => {
								const range = p.high ? `–${formatMoney(p.high, p.currency)}` : '';
								const price = `${formatMoney(p.low, p.currency)}${range} ${p.condition}`;
								return (
									<>
										{index > 0 && '; '}
										{inCurrency(p) ? (
											<button
												type="button"
												class="linklike"
												onClick={() =>
													update((current) => ({
														...current,
														purchasePrice: p.low,
														condition: p.condition,
														resaleValue: Math.min(current.resaleValue, p.low),
													}))
												}
											>
												{price}
											</button>
										) : (
											price
										)}{' '}
										({p.source}, {p.date})
									</>
								);
							})}
						</p>
					)}
					{sourceCurrencies.some((currency) => currency !== state.currency) && (
						<p class="muted">
							{`Catalog prices and the figures this page starts from are in ` +
								`${sourceCurrencies.join(' and ')}. This page does not convert currencies: ` +
								`only prices in ${state.currency} are applied, so enter your own ` +
								`${state.currency} figures.`}
						</p>
					)}
					{numberInput('price', `Purchase price (${state.currency})`, 'purchasePrice', 1)}
					{numberInput('months', 'Amortisation (months)', 'months')}
					{numberInput('resale', `Resale value at the end (${state.currency})`, 'resaleValue', 1)}
					{numberInput('watts', 'Board power under load (W)', 'powerW')}
					{numberInput('kwh', `Electricity (${state.currency} per kWh)`, 'electricityPricePerKWh', 0.01)}
				</fieldset>
				<fieldset>
					<legend>Renting</legend>
					<label for={id('offer')}>Cloud offer</label>
					<select
						id={id('offer')}
						value=""
						onChange={(e) => {
							const offer = data.rentals.find((r) => r.id === e.currentTarget.value);
							if (offer && inCurrency(offer)) {
								update((current) => ({ ...current, cloudPricePerHour: offer.low }));
							}
						}}
					>
						<option value="">Pick an offer from the catalog…</option>
						{data.rentals.map((r) => (
							<option value={r.id} disabled={!inCurrency(r)}>
								{r.gpuName} at {r.provider}: {formatMoney(r.low, r.currency)}/h ({r.date})
							</option>
						))}
					</select>
					{numberInput('cloud', `Cloud price (${state.currency} per GPU-hour)`, 'cloudPricePerHour', 0.01)}
				</fieldset>
				<fieldset>
					<legend>Throughput</legend>
					<label for={id('source')}>Throughput from</label>
					<select
						id={id('source')}
						value={state.throughputSource}
						aria-describedby={id('tps-hint')}
						onChange={(e) => {
							const source = e.currentTarget.value;
							update((current) => applyThroughputSource(current, source, data));
						}}
					>
						{optionsIn('entered')}
						<optgroup label={`Engine estimate on the ${gpu?.name ?? 'GPU'}`}>
							{optionsIn('estimate')}
						</optgroup>
						{measured.length > 0 && <optgroup label="Measured">{measured}</optgroup>}
					</select>
					{numberInput(
						'tps',
						'Your throughput (tokens per second)',
						'tokensPerSecond',
						1,
						id('tps-hint'),
					)}
					<p id={id('tps-hint')} class="muted">
						{describeThroughput(state, data)}
					</p>
					{numberInput(
						'ctps',
						'Cloud throughput (tokens per second; 0 means the same as yours)',
						'cloudTokensPerSecond',
						1,
					)}
				</fieldset>
			</form>

			<section class="results" aria-label="Cost figures">
				<label for={id('hours')} class="hours-label">
					Hours of use per month: <strong>{formatHours(state.hoursPerMonth)}</strong>
				</label>
				<input
					id={id('hours')}
					class="hours"
					type="range"
					min={0}
					max={MAX_HOURS_PER_MONTH}
					step={1}
					value={state.hoursPerMonth}
					aria-valuetext={`${formatHours(state.hoursPerMonth)} hours a month`}
					onInput={(e) => {
						const hoursPerMonth = Number(e.currentTarget.value);
						setGestureState((current) => ({ ...current, hoursPerMonth }));
						setCopied('');
					}}
					onChange={endGesture}
				/>
				<p class="verdict" role="status" aria-live="polite" aria-atomic="true">
					At {formatHours(state.hoursPerMonth)} hours a month,{' '}
					<strong>
						{comparison.cheaper === 'own'
							? `owning is cheaper by ${money(comparison.rentPerMonth - comparison.ownPerMonth)} a month`
							: comparison.cheaper === 'rent'
								? `renting is cheaper by ${money(comparison.ownPerMonth - comparison.rentPerMonth)} a month`
								: 'both cost the same'}
					</strong>
					.{' '}
					{breakEven.hoursPerMonth === null
						? breakEven.reason
						: `Owning pays off above ${formatHours(breakEven.hoursPerMonth)} hours a month.`}
				</p>
				<dl class="figures">
					<div>
						<dt>Owning per month</dt>
						<dd>
							{money(comparison.ownPerMonth)}{' '}
							<span class="muted">
								({money(comparison.capitalPerMonth)} hardware + {money(comparison.energyPerMonth)} power)
							</span>
						</dd>
					</div>
					<div>
						<dt>Owning per hour of use</dt>
						<dd>{comparison.ownPerHour === null ? '—' : money(comparison.ownPerHour)}</dd>
					</div>
					<div>
						<dt>Renting per month</dt>
						<dd>{money(comparison.rentPerMonth)}</dd>
					</div>
					<div>
						<dt>Per million tokens, owning</dt>
						<dd>{perMillion(comparison.ownPerMillionTokens)}</dd>
					</div>
					<div>
						<dt>Per million tokens, renting</dt>
						<dd>{perMillion(comparison.rentPerMillionTokens)}</dd>
					</div>
				</dl>
				<LazyChart config={chartConfig} description={describeCostSeries(series, money)} />
				<div class="share">
					{syncUrl ? (
						<button
							type="button"
							onClick={async () => {
								try {
									await navigator.clipboard.writeText(new URL(`/cost/?${query}`, location.href).href);
									setCopied('Link copied.');
								} catch {
									setCopied('Copying was refused by the browser; copy the address bar instead.');
								}
							}}
						>
							Copy link
						</button>
					) : (
						<a class="button" href={`/cost/?${query}`}>
							Open this in the cost page
						</a>
					)}
					<span role="status" aria-live="polite" class="muted">
						{' '}
						{copied}
					</span>
				</div>
			</section>
		</div>
	);
}
