import { getCollection } from 'astro:content';
import { COLLECTIONS } from '../schemas/index.ts';
import type { Catalog } from '../lib/catalog/load.ts';

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
