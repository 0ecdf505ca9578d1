import type { Catalog } from './load.ts';

/** Counts, for each source id, how many catalog records cite it anywhere in their fields. */
export function countSourceUses(catalog: Catalog): Map<string, number> {
	const counts = new Map<string, number>();
	const visit = (value: unknown, cited: Set<string>): void => {
		if (Array.isArray(value)) {
			for (const item of value) visit(item, cited);
		} else if (typeof value === 'object' && value !== null) {
			const record = value as Record<string, unknown>;
			if (record.collection === 'sources' && typeof record.id === 'string') cited.add(record.id);
			else for (const item of Object.values(record)) visit(item, cited);
		}
	};
	for (const [name, records] of Object.entries(catalog)) {
		if (name === 'sources') continue;
		for (const record of records as unknown[]) {
			const cited = new Set<string>();
			visit(record, cited);
			for (const id of cited) counts.set(id, (counts.get(id) ?? 0) + 1);
		}
	}
	return counts;
}
