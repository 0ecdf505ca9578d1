import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'astro/zod';
import {
	COLLECTION_FOLDERS,
	COLLECTIONS,
	plainRef,
	plainSchemas,
	type Benchmark,
	type CollectionName,
	type Gpu,
	type Model,
	type ModelFile,
	type Price,
	type Quant,
	type Source,
} from '../../schemas/index.ts';
import { makeGuideSchema } from '../../schemas/guide.ts';
import { readGuides } from './guides.ts';
import {
	CatalogError,
	describeValue,
	GUIDES,
	toMessagePath,
	type CatalogIssue,
} from './issues.ts';
import { toExpectedReceived } from './zod-issues.ts';

/** A record as written in a YAML file, before validation. */
export interface RawRecord {
	/** Path of the file, relative to the working directory, for messages. */
	file: string;
	collection: CollectionName;
	id: string;
	data: Record<string, unknown>;
}

/** A validated record: the schema's output plus its id. */
export type Entry<T> = T & { id: string };

/** The whole catalog, validated and cross-checked. */
export interface Catalog {
	sources: Entry<Source>[];
	gpus: Entry<Gpu>[];
	quants: Entry<Quant>[];
	models: Entry<Model>[];
	modelFiles: Entry<ModelFile>[];
	benchmarks: Entry<Benchmark>[];
	prices: Entry<Price>[];
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Reads every `.yaml` file of one collection folder. A file holds one record (a mapping with
 * `id`) or a list of them. Problems with the files themselves go to `issues`.
 */
export function readCollection(
	contentDir: string,
	collection: CollectionName,
	issues: CatalogIssue[],
): RawRecord[] {
	const folder = join(contentDir, COLLECTION_FOLDERS[collection]);
	let names: string[];
	try {
		names = readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort();
	} catch {
		return [];
	}
	const records: RawRecord[] = [];
	for (const name of names) {
		const path = join(folder, name);
		const file = toMessagePath(path);
		let parsed: unknown;
		try {
			parsed = parseYaml(readFileSync(path, 'utf8'));
		} catch (error) {
			const reason = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
			issues.push({ file, collection, id: '(file)', field: '', message: `is not valid YAML: ${reason}` });
			continue;
		}
		const list = Array.isArray(parsed) ? parsed : parsed == null ? [] : [parsed];
		for (const [index, item] of list.entries()) {
			if (typeof item !== 'object' || item === null || Array.isArray(item)) {
				issues.push({
					file,
					collection,
					id: `(item ${index + 1})`,
					field: '',
					message: `expected a record (a mapping of fields), received ${describeValue(item)}`,
				});
				continue;
			}
			const { id, ...data } = item as Record<string, unknown>;
			if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
				issues.push({
					file,
					collection,
					id: `(item ${index + 1})`,
					field: 'id',
					message: `expected an id of lowercase letters, digits, ".", "_" or "-", received ${describeValue(id)}`,
				});
				continue;
			}
			records.push({ file, collection, id, data });
		}
	}
	return records;
}

/** Where a record comes from, for messages. */
type RecordOrigin = Pick<RawRecord, 'file' | 'id' | 'data'> & { collection: string };

/**
 * Checks one record against a schema (by default its collection's); issues name its file, id
 * and field.
 */
export function validateRecord(
	record: RecordOrigin,
	issues: CatalogIssue[],
	schema: z.ZodType = plainSchemas[record.collection as CollectionName],
): unknown {
	const result = schema.safeParse(record.data, { reportInput: true });
	if (result.success) return { id: record.id, ...(result.data as object) };
	for (const issue of result.error.issues) {
		issues.push({
			file: record.file,
			collection: record.collection,
			id: record.id,
			field: issue.path.join('.'),
			message: toExpectedReceived(issue),
		});
	}
	return undefined;
}

/** Frontmatter schema of guides outside Astro: model references are plain ids. */
const plainGuideSchema = makeGuideSchema(plainRef);

/** Walks a parsed record and yields every `{ id, collection }` reference with its field path. */
function* findReferences(value: unknown, path: string[] = []): Generator<[string, string, string]> {
	if (Array.isArray(value)) {
		for (const [index, item] of value.entries()) yield* findReferences(item, [...path, String(index)]);
		return;
	}
	if (typeof value !== 'object' || value === null) return;
	const object = value as Record<string, unknown>;
	const keys = Object.keys(object);
	if (keys.length === 2 && typeof object.id === 'string' && typeof object.collection === 'string') {
		yield [path.join('.'), object.collection, object.id];
		return;
	}
	for (const key of keys) {
		if (path.length === 0 && key === 'id') continue;
		yield* findReferences(object[key], [...path, key]);
	}
}

/**
 * Reads, validates and cross-checks the catalog in `contentDir`, and the frontmatter of the
 * guides in `guidesDir` against it. Throws a CatalogError that lists every problem (bad YAML,
 * bad fields, duplicate ids, references to missing records).
 */
export function loadCatalog(contentDir: string, guidesDir = join(contentDir, 'guides')): Catalog {
	const issues: CatalogIssue[] = [];
	const raw = COLLECTIONS.flatMap((collection) => readCollection(contentDir, collection, issues));
	const guides = readGuides(guidesDir, issues);

	const ids = new Map<string, Map<string, string>>();
	for (const record of raw) {
		const seen = ids.get(record.collection) ?? new Map<string, string>();
		const first = seen.get(record.id);
		if (first !== undefined) {
			issues.push({
				file: record.file,
				collection: record.collection,
				id: record.id,
				field: 'id',
				message: `expected a unique id, but "${record.id}" is already used in ${first}`,
			});
		}
		seen.set(record.id, first ?? record.file);
		ids.set(record.collection, seen);
	}

	const checkReferences = (record: RecordOrigin, parsed: unknown) => {
		for (const [field, collection, id] of findReferences(parsed)) {
			if (!ids.get(collection)?.has(id)) {
				issues.push({
					file: record.file,
					collection: record.collection,
					id: record.id,
					field,
					message: `expected the id of a record in "${collection}", received "${id}", which does not exist`,
				});
			}
		}
	};

	const catalog: Record<string, unknown[]> = Object.fromEntries(COLLECTIONS.map((c) => [c, []]));
	for (const record of raw) {
		const parsed = validateRecord(record, issues);
		if (parsed === undefined) continue;
		checkReferences(record, parsed);
		catalog[record.collection]!.push(parsed);
	}
	for (const guide of guides) {
		const origin = { ...guide, collection: GUIDES };
		const parsed = validateRecord(origin, issues, plainGuideSchema);
		if (parsed !== undefined) checkReferences(origin, parsed);
	}

	if (issues.length > 0) throw new CatalogError(issues);
	return catalog as unknown as Catalog;
}
