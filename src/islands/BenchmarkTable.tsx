import { useMemo, useState } from 'preact/hooks';
import { describeBenchmarkRows, toBenchmarkChartConfig, type BenchmarkRow } from '../lib/benchmark-rows.ts';
import { formatBand, formatFixed, formatTps } from '../lib/format.ts';
import { LazyChart } from './charts/LazyChart.tsx';

interface Props {
	rows: BenchmarkRow[];
}

type Filter = { model: string; gpu: string; runtime: string; evidence: string };

/** Every measured run beside the engine's estimate, with filters and a lazy chart. */
export default function BenchmarkTable({ rows }: Props) {
	const [filter, setFilter] = useState<Filter>({ model: '', gpu: '', runtime: '', evidence: '' });
	const options = useMemo(
		() => ({
			model: [...new Map(rows.map((r) => [r.model, r.modelName]))].sort((a, b) => a[1].localeCompare(b[1])),
			gpu: [...new Set(rows.map((r) => r.gpus))].sort().map((g) => [g, g] as const),
			runtime: [...new Set(rows.map((r) => r.runtime.split(' ')[0]!))].sort().map((r) => [r, r] as const),
			evidence: [...new Set(rows.map((r) => r.evidence))].sort().map((e) => [e, e] as const),
		}),
		[rows],
	);
	const shown = rows.filter(
		(r) =>
			(!filter.model || r.model === filter.model) &&
			(!filter.gpu || r.gpus === filter.gpu) &&
			(!filter.runtime || r.runtime.split(' ')[0] === filter.runtime) &&
			(!filter.evidence || r.evidence === filter.evidence),
	);
	const chart = useMemo(() => toBenchmarkChartConfig(shown), [shown]);
	const labels: Record<keyof Filter, string> = { model: 'Model', gpu: 'GPU', runtime: 'Runtime', evidence: 'Evidence' };

	return (
		<div>
			<form class="filters" onSubmit={(e) => e.preventDefault()}>
				{(Object.keys(labels) as Array<keyof Filter>).map((key) => (
					<label>
						{labels[key]}{' '}
						<select value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: e.currentTarget.value })}>
							<option value="">Any</option>
							{options[key].map(([value, label]) => (
								<option value={value}>{label}</option>
							))}
						</select>
					</label>
				))}
				<p class="muted" role="status" aria-live="polite">
					{shown.length} of {rows.length} runs shown
				</p>
			</form>
			<div class="table-scroll" tabIndex={0}>
				<table>
					<caption class="sr-only">Measured runs with the engine's estimate for the same setup</caption>
					<thead>
						<tr>
							<th scope="col">Model and quant</th>
							<th scope="col">GPU</th>
							<th scope="col">Runtime and flags</th>
							<th scope="col" class="num">Depth</th>
							<th scope="col" class="num">Measured</th>
							<th scope="col" class="num">Estimate</th>
							<th scope="col">Evidence and source</th>
						</tr>
					</thead>
					<tbody>
						{shown.map((r) => (
							<tr>
								<td>
									<a href={`/models/${r.model}/`}>{r.modelName}</a> {r.quantName}
								</td>
								<td>{r.gpus}</td>
								<td>
									{r.runtime}
									{r.flags && (
										<>
											<br />
											<code>{r.flags}</code>
										</>
									)}
								</td>
								<td class="num">{r.contextDepth === undefined ? '—' : formatFixed(r.contextDepth)}</td>
								<td class="num">
									<strong>{r.measuredTpsHigh ? formatBand(r.measuredTps, r.measuredTpsHigh, formatTps) : formatTps(r.measuredTps)}</strong>
								</td>
								<td class="num">
									{formatBand(r.estimatedTps.low, r.estimatedTps.high, formatTps)}
									{r.cpuLayers > 0 && <span class="muted"> ({r.cpuLayers} layers on CPU)</span>}
								</td>
								<td>
									{r.evidence}, {r.date}: {r.sourceUrl ? <a href={r.sourceUrl}>{r.source}</a> : r.source}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<h2>Measured against estimated</h2>
			<LazyChart config={chart} description={describeBenchmarkRows(shown)} />
		</div>
	);
}
