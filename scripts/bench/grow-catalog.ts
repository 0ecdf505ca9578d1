/**
 * Makes a larger copy of the catalog for the build-time bench: every GPU and model is copied
 * `factor - 1` times with ids suffixed `-x2`, `-x3`, ..., and the records that point at them
 * (model files, benchmarks, prices) are copied with their references moved to the copies, so
 * the grown catalog stays valid.
 *
 *   node scripts/bench/grow-catalog.ts [--factor 10] <content folder> <new folder>
 *
 * The new folder must not exist yet. Sources, quants and guides are copied unchanged.
 */
import {
	cpSync,
	existsSync,
	readdirSync,
	readFileSync,
	realpathSync,
	writeFileSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadCatalog } from '../../src/lib/catalog/load.ts';
import { CatalogError } from '../../src/lib/catalog/issues.ts';

/** A record as read from YAML. */
type YamlRecord = Record<string, unknown>;

/** How one collection's records are copied: `copy` makes copy number `k` (2 and up). */
interface GrowRule {
	/** Folder under the content folder. */
	folder: string;
	/** Returns copy number `k` of a record. */
	copy: (record: YamlRecord, k: number) => YamlRecord;
}

/** A refused request: a bad factor, or a folder that cannot be written safely. */
export class GrowError extends Error {}

/** Catalog size a generated catalog multiplies by, unless told otherwise. */
export const DEFAULT_FACTOR = 10;

/** Suffixes an id for copy number `k`. */
export function toCopyId(id: unknown, k: number): string {
	return `${String(id)}-x${k}`;
}

/** Suffixes a display name for copy number `k`, so copies stay distinguishable on pages. */
function toCopyName(name: unknown, k: number): string {
	return `${String(name)} (x${k})`;
}

/** Copies a record with a new id and the given fields replaced. */
function copyWith(record: YamlRecord, k: number, fields: YamlRecord): YamlRecord {
	return { ...record, id: toCopyId(record['id'], k), ...fields };
}

/** The collections that grow, and how each record is copied. */
const GROW_RULES: readonly GrowRule[] = [
	{
		folder: 'gpus',
		copy: (gpu, k) =>
			copyWith(gpu, k, {
				name: toCopyName(gpu['name'], k),
				shortName: toCopyName(gpu['shortName'], k),
			}),
	},
	{
		folder: 'models',
		copy: (model, k) => copyWith(model, k, { name: toCopyName(model['name'], k) }),
	},
	{
		folder: 'model-files',
		copy: (file, k) => copyWith(file, k, { model: toCopyId(file['model'], k) }),
	},
	{
		folder: 'benchmarks',
		copy: (benchmark, k) => {
			const gpus = Array.isArray(benchmark['gpus']) ? benchmark['gpus'] : [];
			return copyWith(benchmark, k, {
				model: toCopyId(benchmark['model'], k),
				gpus: gpus.map((gpu: unknown) => toCopyId(gpu, k)),
			});
		},
	},
	{
		folder: 'prices',
		copy: (price, k) => copyWith(price, k, { gpu: toCopyId(price['gpu'], k) }),
	},
];

/** Reads the records of one YAML file: a list, or a single mapping. */
function readRecords(path: string): YamlRecord[] {
	const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
	const list: unknown[] = Array.isArray(parsed) ? parsed : parsed == null ? [] : [parsed];
	return list.filter((item): item is YamlRecord => typeof item === 'object' && item !== null);
}

/** Counts of what a grown catalog holds. */
export interface GrowResult {
	/** GPUs, models and records in all, after growing. */
	gpus: number;
	models: number;
	records: number;
}

/**
 * Copies the catalog in `sourceDir` to `outDir` (which must not exist) and multiplies its GPUs
 * and models by `factor`, then loads the result to prove it valid. Throws a CatalogError when
 * it is not.
 */
export function growCatalog(sourceDir: string, outDir: string, factor: number): GrowResult {
	if (!Number.isInteger(factor) || factor < 1) {
		throw new GrowError(`expected a whole factor of 1 or more, received ${factor}`);
	}
	if (existsSync(outDir)) throw new GrowError(`${outDir} already exists; give a new folder`);
	// Dereference: a symlinked content folder would otherwise be copied as a link, and the
	// grown records written through it into the real catalog.
	cpSync(sourceDir, outDir, { recursive: true, dereference: true });
	const root = realpathSync(outDir);

	for (const rule of GROW_RULES) {
		const folder = join(outDir, rule.folder);
		if (!existsSync(folder)) continue;
		for (const name of readdirSync(folder).filter((file) => file.endsWith('.yaml'))) {
			const path = join(folder, name);
			if (!realpathSync(path).startsWith(root + sep)) {
				throw new GrowError(`${path} leads outside ${outDir}; refusing to write through it`);
			}
			const originals = readRecords(path);
			const copies: YamlRecord[] = [];
			for (let k = 2; k <= factor; k++) {
				for (const record of originals) copies.push(rule.copy(record, k));
			}
			const header = `# Grown ${factor}x by scripts/bench/grow-catalog.ts from ${rule.folder}/${name}\n`;
			// Copies share nested objects with their originals; write them out in full, not as aliases.
			const text = stringifyYaml([...originals, ...copies], {
				lineWidth: 0,
				aliasDuplicateObjects: false,
			});
			writeFileSync(path, header + text);
		}
	}

	const catalog = loadCatalog(outDir);
	return {
		gpus: catalog.gpus.length,
		models: catalog.models.length,
		records: Object.values(catalog).reduce((sum, list) => sum + list.length, 0),
	};
}

if (import.meta.main) {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { factor: { type: 'string', default: String(DEFAULT_FACTOR) } },
	});
	const [sourceDir, outDir] = positionals;
	if (!sourceDir || !outDir) {
		console.error('usage: node scripts/bench/grow-catalog.ts [--factor 10] <content> <new folder>');
		process.exit(2);
	}
	try {
		const result = growCatalog(sourceDir, outDir, Number(values.factor));
		console.log(
			`grew ${sourceDir} ${values.factor}x into ${outDir}: ${result.gpus} GPUs, ` +
				`${result.models} models, ${result.records} records, valid`,
		);
	} catch (error) {
		if (!(error instanceof CatalogError || error instanceof GrowError)) throw error;
		console.error(error.message);
		process.exit(1);
	}
}
