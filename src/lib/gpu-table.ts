import type { Catalog } from './catalog/load.ts';

/** One row of the GPU table, flattened for sorting and filtering in the browser. */
export interface GpuRow {
	id: string;
	name: string;
	vendor: string;
	kind: string;
	memoryGiB: number;
	bandwidthGBps: number;
	boardPowerW: number;
	/** Lowest purchase price in USD seen in the newest purchase record, if any. */
	priceUsd: number | null;
	/** Whether that price is for a new or a used card. */
	priceCondition: 'new' | 'used' | null;
	/** Price per GiB of memory in USD, if there is a price. */
	usdPerGiB: number | null;
}

/** Columns a reader can sort by. */
export const GPU_SORT_KEYS = [
	'name',
	'memoryGiB',
	'bandwidthGBps',
	'priceUsd',
	'usdPerGiB',
	'boardPowerW',
] as const;
export type GpuSortKey = (typeof GPU_SORT_KEYS)[number];

/** Filters a reader can set; empty strings and zero mean "any". */
export interface GpuFilter {
	vendor: string;
	kind: string;
	minMemoryGiB: number;
}

/** Builds the table rows from the catalog, pricing each GPU by its newest USD purchase record. */
export function deriveGpuRows(catalog: Pick<Catalog, 'gpus' | 'prices'>): GpuRow[] {
	return catalog.gpus.map((gpu) => {
		const purchases = catalog.prices
			.filter((p) => p.gpu.id === gpu.id && p.kind === 'purchase' && p.currency === 'USD')
			.sort((a, b) => b.date.localeCompare(a.date) || a.low - b.low);
		const newest = purchases[0];
		return {
			id: gpu.id,
			name: gpu.shortName,
			vendor: gpu.vendor,
			kind: gpu.kind,
			memoryGiB: gpu.memoryGiB,
			bandwidthGBps: gpu.bandwidthGBps,
			boardPowerW: gpu.boardPowerW,
			priceUsd: newest?.low ?? null,
			priceCondition: newest?.condition ?? null,
			usdPerGiB: newest ? newest.low / gpu.memoryGiB : null,
		};
	});
}

/** Keeps the rows that match every set filter. */
export function filterGpuRows(rows: readonly GpuRow[], filter: GpuFilter): GpuRow[] {
	return rows.filter(
		(row) =>
			(!filter.vendor || row.vendor === filter.vendor) &&
			(!filter.kind || row.kind === filter.kind) &&
			row.memoryGiB >= filter.minMemoryGiB,
	);
}

/** Sorts rows by one column; rows without a value for it go last in either direction. */
export function sortGpuRows(
	rows: readonly GpuRow[],
	key: GpuSortKey,
	direction: 'ascending' | 'descending',
): GpuRow[] {
	const sign = direction === 'ascending' ? 1 : -1;
	return [...rows].sort((a, b) => {
		const x = a[key];
		const y = b[key];
		if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
		if (typeof x === 'string' && typeof y === 'string') return sign * x.localeCompare(y);
		return sign * ((x as number) - (y as number)) || a.name.localeCompare(b.name);
	});
}
