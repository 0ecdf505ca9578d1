import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { performance } from 'node:perf_hooks';
import { CatalogError } from '../lib/catalog/issues.ts';
import { loadCatalog } from '../lib/catalog/load.ts';
import { getContentDir, GUIDES_DIR } from '../lib/catalog/content-dir.ts';

/**
 * Validates the whole catalog and the guides' frontmatter before Astro syncs content, so a bad
 * record stops the build with one message naming the file, the record, the field, what was
 * expected and what was found. Astro 7 on its own only logs a reference to a missing record
 * and exits 0, and rolls a day that does not exist (2025-02-30) over into the next month.
 */
export function catalogCheck(): AstroIntegration {
	return {
		name: 'headroom:catalog-check',
		hooks: {
			'astro:config:setup': ({ command, logger }) => {
				// Preview serves a build that was already checked.
				if (command === 'preview') return;
				const started = performance.now();
				const dir = getContentDir();
				try {
					const catalog = loadCatalog(dir, GUIDES_DIR);
					const records = Object.values(catalog).reduce((sum, list) => sum + list.length, 0);
					const ms = Math.round(performance.now() - started);
					logger.info(`${records} records in ${dir}/ and the guides in ${GUIDES_DIR}/ valid (${ms} ms)`);
				} catch (error) {
					if (error instanceof CatalogError) {
						const hint = 'Run `npm run validate` to check the catalog without building.';
						throw new AstroError(error.message, hint);
					}
					throw error;
				}
			},
		},
	};
}
