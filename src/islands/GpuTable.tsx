import { useMemo, useState } from 'preact/hooks';
import {
	filterGpuRows,
	sortGpuRows,
	type GpuFilter,
	type GpuRow,
	type GpuSortKey,
} from '../lib/gpu-table.ts';
import { formatFixed } from '../lib/format.ts';

interface Props {
	rows: GpuRow[];
}

const COLUMNS: Array<{ key: GpuSortKey; label: string; numeric: boolean }> = [
	{ key: 'name', label: 'GPU', numeric: false },
	{ key: 'memoryGiB', label: 'Memory (GiB)', numeric: true },
	{ key: 'bandwidthGBps', label: 'Bandwidth (GB/s)', numeric: true },
	{ key: 'priceUsd', label: 'Price (USD)', numeric: true },
	{ key: 'usdPerGiB', label: 'USD per GiB', numeric: true },
	{ key: 'boardPowerW', label: 'Power (W)', numeric: true },
];

const KIND_LABELS: Record<string, string> = {
	consumer: 'Consumer',
	workstation: 'Workstation',
	datacenter: 'Datacenter',
	'apple-unified': 'Apple unified memory',
	unified: 'Other unified memory',
};

/** The GPU table with sorting and filters; the server renders the same rows unsorted. */
export default function GpuTable({ rows }: Props) {
	const [filter, setFilter] = useState<GpuFilter>({ vendor: '', kind: '', minMemoryGiB: 0 });
	const [sort, setSort] = useState<{ key: GpuSortKey; direction: 'ascending' | 'descending' }>({
		key: 'memoryGiB',
		direction: 'descending',
	});
	const vendors = useMemo(() => [...new Set(rows.map((r) => r.vendor))].sort(), [rows]);
	const kinds = useMemo(() => [...new Set(rows.map((r) => r.kind))].sort(), [rows]);
	const shown = sortGpuRows(filterGpuRows(rows, filter), sort.key, sort.direction);

	const onSort = (key: GpuSortKey) =>
		setSort((current) => ({
			key,
			direction:
				current.key === key && current.direction === 'descending' ? 'ascending' : 'descending',
		}));

	return (
		<div>
			<form class="filters" onSubmit={(event) => event.preventDefault()}>
				<label>
					Vendor{' '}
					<select
						value={filter.vendor}
						onChange={(e) => setFilter({ ...filter, vendor: e.currentTarget.value })}
					>
						<option value="">Any</option>
						{vendors.map((v) => (
							<option value={v}>{v}</option>
						))}
					</select>
				</label>
				<label>
					Kind{' '}
					<select
						value={filter.kind}
						onChange={(e) => setFilter({ ...filter, kind: e.currentTarget.value })}
					>
						<option value="">Any</option>
						{kinds.map((k) => (
							<option value={k}>{KIND_LABELS[k] ?? k}</option>
						))}
					</select>
				</label>
				<label>
					At least{' '}
					<select
						value={String(filter.minMemoryGiB)}
						onChange={(e) => setFilter({ ...filter, minMemoryGiB: Number(e.currentTarget.value) })}
					>
						{[0, 12, 16, 24, 32, 48, 80, 128].map((gib) => (
							<option value={String(gib)}>{gib === 0 ? 'any memory' : `${gib} GiB`}</option>
						))}
					</select>
				</label>
				<p class="muted" role="status" aria-live="polite">
					{shown.length} of {rows.length} shown
				</p>
			</form>
			<div class="table-scroll" tabIndex={0}>
				<table>
					<caption class="sr-only">GPUs, sortable by each column</caption>
					<thead>
						<tr>
							{COLUMNS.map((column) => (
								<th
									scope="col"
									class={column.numeric ? 'num' : undefined}
									aria-sort={sort.key === column.key ? sort.direction : undefined}
								>
									<button type="button" class="sort" onClick={() => onSort(column.key)}>
										{column.label}
										<span aria-hidden="true">
											{sort.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
										</span>
									</button>
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{shown.map((row) => (
							<tr>
								<td>
									<a href={`/gpus/${row.id}/`}>{row.name}</a>{' '}
									<span class="muted">{KIND_LABELS[row.kind] ?? row.kind}</span>
								</td>
								<td class="num">{formatFixed(row.memoryGiB)}</td>
								<td class="num">{formatFixed(row.bandwidthGBps)}</td>
								<td class="num">
									{row.priceUsd === null ? '—' : `$${formatFixed(row.priceUsd)} ${row.priceCondition}`}
								</td>
								<td class="num">{row.usdPerGiB === null ? '—' : `$${formatFixed(row.usdPerGiB, 1)}`}</td>
								<td class="num">{formatFixed(row.boardPowerW)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</div>
	);
}
