import { getCollection } from 'astro:content';
import { COLLECTIONS } from '../schemas/index.ts';
import type { Catalog } from '../lib/catalog/load.ts';
import { indexCatalog, type CatalogIndex } from '../lib/catalog/lookup.ts';

let cached: Promise<Catalog> | undefined;

/**
 * The whole catalog from Astro's content collections, in the same shape `loadCatalog` gives
 * scripts and tests (records flattened to `{ id, ...data }`), read once per build.
 */
export function getCatalog(): Promise<Catalog> {
	cached ??= (async () => {
		const entries = await Promise.all(
			COLLECTIONS.map(async (name) => {
				const records = await getCollection(name);
				return [name, records.map((entry) => ({ id: entry.id, ...(entry.data as object) }))];
			}),
		);
		return Object.fromEntries(entries) as Catalog;
	})();
	return cached;
}

let cachedIndex: Promise<CatalogIndex> | undefined;

/** The catalog with each collection indexed by id, read once per build. */
export function getCatalogIndex(): Promise<CatalogIndex> {
	cachedIndex ??= getCatalog().then(indexCatalog);
	return cachedIndex;
}

/**
 * Finds a record by id for a page or an MDX component, or stops the build with a message that
 * names the component and the id, so a typo in a guide cannot render as an empty figure.
 */
export function requireRecord<T>(records: Map<string, T>, id: string, what: string, where: string): T {
	const record = records.get(id);
	if (record === undefined) {
		const known = [...records.keys()].slice(0, 8).join(', ');
		throw new Error(`${where}: there is no ${what} "${id}" in the catalog (known ids include ${known}).`);
	}
	return record;
}
