import { isAbsolute } from 'node:path';
import { defineCollection, reference } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { COLLECTIONS, makeSchemas, type CollectionName } from './schemas/index.ts';
import { readCollection } from './lib/catalog/load.ts';
import { getContentDir, GUIDES_DIR } from './lib/catalog/content-dir.ts';
import { makeGuideSchema } from './schemas/guide.ts';

const schemas = makeSchemas((collection) => reference(collection));

/**
 * Loads one catalog folder (each YAML file holds one record or a list). The catalog-check
 * integration has already validated every record and reference, and every guide's frontmatter,
 * so parsing here cannot fail for a reason it did not report first.
 */
function catalogFolder(collection: CollectionName): Loader {
	return {
		name: `headroom:${collection}`,
		load: async ({ store, parseData, generateDigest, watcher }) => {
			const issues: never[] = [];
			store.clear();
			for (const record of readCollection(getContentDir(), collection, issues)) {
				const data = await parseData({ id: record.id, data: record.data });
				// Astro only takes file paths inside the project; a catalog elsewhere (the bench's
				// grown copy) is stored without one.
				const filePath = isAbsolute(record.file) ? {} : { filePath: record.file };
				store.set({ id: record.id, data, digest: generateDigest(record.data), ...filePath });
			}
			watcher?.add(`${getContentDir()}/`);
		},
	};
}

const catalog = Object.fromEntries(
	COLLECTIONS.map((name) => [
		name,
		defineCollection({ loader: catalogFolder(name), schema: schemas[name] }),
	]),
) as unknown as { [K in CollectionName]: ReturnType<typeof defineCollection> };

/** Guides: MDX articles with the metadata the guide index, RSS and Open Graph cards need. */
const guides = defineCollection({
	loader: glob({ pattern: '**/*.mdx', base: `./${GUIDES_DIR}` }),
	schema: makeGuideSchema((collection) => reference(collection)),
});

export const collections = { ...catalog, guides };
