// Validates the catalog and the guides' frontmatter outside Astro: `npm run validate
// [content-dir]` (guides are read from its `guides` folder). Prints every problem grouped by
// file and exits 1, or prints the record counts.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listGuideFiles } from '../src/lib/catalog/guides.ts';
import { loadCatalog } from '../src/lib/catalog/load.ts';
import { CatalogError } from '../src/lib/catalog/issues.ts';

const contentDir = process.argv[2] ?? 'content';
const started = performance.now();
try {
	const catalog = loadCatalog(contentDir);
	const counts = Object.entries(catalog).map(([name, records]) => `${records.length} ${name}`);
	counts.push(`${listGuideFiles(join(contentDir, 'guides')).length} guides`);
	const ms = Math.round(performance.now() - started);
	console.log(`catalog: ${counts.join(', ')} valid (${ms} ms)`);
} catch (error) {
	if (!(error instanceof CatalogError)) throw error;
	console.error(error.message);
	process.exit(1);
}
