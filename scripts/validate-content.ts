// Validates the catalog outside Astro: `npm run validate [content-dir]`.
// Prints every problem grouped by file and exits 1, or prints the record counts.
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../src/lib/catalog/load.ts';
import { CatalogError } from '../src/lib/catalog/issues.ts';

const contentDir = process.argv[2] ?? 'content';
const started = performance.now();
try {
	const catalog = loadCatalog(contentDir);
	const counts = Object.entries(catalog).map(([name, records]) => `${records.length} ${name}`);
	const ms = Math.round(performance.now() - started);
	console.log(`catalog: ${counts.join(', ')} valid (${ms} ms)`);
} catch (error) {
	if (!(error instanceof CatalogError)) throw error;
	console.error(error.message);
	process.exit(1);
}
