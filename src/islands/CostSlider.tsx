import { useMemo, useState } from 'preact/hooks';
import {
	buildCumulativeCostSeries,
	computeCostComparison,
	decodeCostState,
	describeCostSeries,
	encodeCostState,
	formatMoney,
	MAX_HOURS_PER_MONTH,
	toCostChartConfig,
	toCostInputs,
	type CostState,
} from '../lib/cost.ts';
import { fillFromGpu, type CostData } from '../lib/cost-data.ts';
import { formatFixed } from '../lib/format.ts';
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
	const known = useMemo(() => ({ gpus: new Set(data.gpus.map((g) => g.id)) }), [data]);
	const { state, setState, ignored, query, commit } = useAddressState({
		enabled: syncUrl,
		initial,
		read: (search) => {
			const decoded = decodeCostState(search, known, defaults);
			return { ...decoded, state: fillFromGpu(decoded.state, new URLSearchParams(search), data) };
		},
		write: (current) => encodeCostState(current, defaults),
		mode: 'replace',
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

	const update = (patch: Partial<CostState>) => {
		setState((current) => ({ ...current, ...patch }));
		setCopied('');
	};
	const numberInput = (
		name: string,
		label: string,
		field: keyof CostState,
		options: { min: number; max: number; step: number },
	) => (
		<>
			<label for={id(name)}>{label}</label>
			<input
				id={id(name)}
				type="number"
				min={options.min}
				max={options.max}
				step={options.step}
				value={state[field] as number}
				onChange={(e) => {
					const value = Number(e.currentTarget.value);
					if (Number.isFinite(value) && value >= options.min && value <= options.max) {
						update({ [field]: value } as Partial<CostState>);
						commit();
					}
				}}
			/>
		</>
	);

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
							const next = data.gpus.find((g) => g.id === e.currentTarget.value);
							if (!next) return;
							const purchase = next.purchases[0];
							update({
								gpu: next.id,
								powerW: next.boardPowerW,
								...(purchase ? { purchasePrice: purchase.low, condition: purchase.condition } : {}),
								...(next.estimatedTps ? { tokensPerSecond: next.estimatedTps } : {}),
							});
							commit();
						}}
					>
						{data.gpus.map((g) => (
							<option value={g.id}>{g.name}</option>
						))}
					</select>
					{gpu && gpu.purchases.length > 0 && (
						<p class="muted">
							Catalog prices:{' '}
							{gpu.purchases.map((p, index) => (
								<>
									{index > 0 && '; '}
									<button
										type="button"
										class="linklike"
										onClick={() => {
											update({ purchasePrice: p.low, condition: p.condition });
											commit();
										}}
									>
										{formatMoney(p.low, p.currency)}
										{p.high ? `–${formatMoney(p.high, p.currency)}` : ''} {p.condition}
									</button>{' '}
									({p.source}, {p.date})
								</>
							))}
						</p>
					)}
					{numberInput('price', `Purchase price (${state.currency})`, 'purchasePrice', { min: 0, max: 1_000_000, step: 1 })}
					{numberInput('months', 'Amortisation (months)', 'months', { min: 1, max: 120, step: 1 })}
					{numberInput('resale', `Resale value at the end (${state.currency})`, 'resaleValue', { min: 0, max: 1_000_000, step: 1 })}
					{numberInput('watts', 'Board power under load (W)', 'powerW', { min: 1, max: 10_000, step: 1 })}
					{numberInput('kwh', `Electricity (${state.currency} per kWh)`, 'electricityPricePerKWh', { min: 0, max: 10, step: 0.01 })}
				</fieldset>
				<fieldset>
					<legend>Renting</legend>
					<label for={id('offer')}>Cloud offer</label>
					<select
						id={id('offer')}
						value=""
						onChange={(e) => {
							const offer = data.rentals.find((r) => r.id === e.currentTarget.value);
							if (offer) {
								update({ cloudPricePerHour: offer.low });
								commit();
							}
						}}
					>
						<option value="">Pick an offer from the catalog…</option>
						{data.rentals.map((r) => (
							<option value={r.id}>
								{r.gpuName} at {r.provider}: {formatMoney(r.low, r.currency)}/h ({r.date})
							</option>
						))}
					</select>
					{numberInput('cloud', `Cloud price (${state.currency} per GPU-hour)`, 'cloudPricePerHour', { min: 0, max: 1000, step: 0.01 })}
					{numberInput('tps', 'Throughput (tokens per second)', 'tokensPerSecond', { min: 0, max: 100_000, step: 1 })}
					<p class="muted">
						{gpu?.estimatedTps
							? `The engine estimates about ${gpu.estimatedTps} tok/s for ${data.referenceName} on this GPU.`
							: `${data.referenceName} does not fit on this GPU, so enter your own throughput.`}
					</p>
				</fieldset>
			</form>

			<section class="results" aria-label="Cost figures">
				<label for={id('hours')} class="hours-label">
					Hours of use per month: <strong>{formatFixed(state.hoursPerMonth)}</strong>
				</label>
				<input
					id={id('hours')}
					class="hours"
					type="range"
					min={0}
					max={MAX_HOURS_PER_MONTH}
					step={1}
					value={state.hoursPerMonth}
					aria-valuetext={`${formatFixed(state.hoursPerMonth)} hours a month`}
					onInput={(e) => update({ hoursPerMonth: Number(e.currentTarget.value) })}
					onChange={commit}
				/>
				<p class="verdict" role="status" aria-live="polite" aria-atomic="true">
					At {formatFixed(state.hoursPerMonth)} hours a month,{' '}
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
						: `Owning pays off above ${formatFixed(breakEven.hoursPerMonth, 1)} hours a month.`}
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
						<dd>{comparison.ownPerMillionTokens === null ? '—' : money(comparison.ownPerMillionTokens)}</dd>
					</div>
					<div>
						<dt>Per million tokens, renting</dt>
						<dd>{comparison.rentPerMillionTokens === null ? '—' : money(comparison.rentPerMillionTokens)}</dd>
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
