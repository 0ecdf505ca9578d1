import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { CatalogError } from '../../../src/lib/catalog/issues.ts';

const VALID = 'tests/fixtures/catalog/valid';

/** Copies the valid fixture catalog, lets `edit` break it, and returns the loader's message. */
function brokenCatalogMessage(edit: (dir: string) => void): string {
	const dir = mkdtempSync(join(tmpdir(), 'headroom-catalog-'));
	cpSync(VALID, dir, { recursive: true });
	edit(dir);
	try {
		loadCatalog(dir);
	} catch (error) {
		assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${String(error)}`);
		// The temporary folder differs per run; messages name the file inside it.
		return error.message.replaceAll(dir, '<catalog>');
	}
	assert.fail('the broken catalog loaded without an error');
}

/** Replaces text in one fixture file, failing loudly if the text is not there. */
function replaceIn(dir: string, file: string, from: string, to: string): void {
	const path = join(dir, file);
	const text = readFileSync(path, 'utf8');
	assert.ok(text.includes(from), `fixture ${file} no longer contains ${from}`);
	writeFileSync(path, text.replace(from, to));
}

describe('loadCatalog', () => {
	test('loads the valid fixture with ids and references resolved to { id, collection }', () => {
		const catalog = loadCatalog(VALID);

		assert.equal(catalog.gpus.length, 1);
		assert.equal(catalog.gpus[0]?.id, 'card-24');
		assert.deepEqual(catalog.benchmarks[0]?.gpus, [{ id: 'card-24', collection: 'gpus' }]);
		assert.deepEqual(catalog.models[0]?.scores, []);
	});

	test('names file, record, field, expected and found for a wrong type', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'gpus/gpus.yaml', 'memoryGiB: 24', 'memoryGiB: "24 GB"'),
		);

		assert.equal(
			message,
			[
				'The catalog has 1 problem.',
				'<catalog>/gpus/gpus.yaml:',
				'  gpus "card-24" memoryGiB: expected a number in GiB, received "24 GB"',
				'Fix the fields named above; each field is described in src/schemas/.',
			].join('\n'),
		);
	});

	test('reports a missing source', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'benchmarks/tiny.yaml', '  source: spec-card\n', ''),
		);

		assert.match(
			message,
			/ {2}benchmarks "tiny-on-card" source: expected the id of a record in "sources", received nothing \(the field is missing\)/,
		);
	});

	test('reports a reference to a record that does not exist', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'benchmarks/tiny.yaml', 'gpus: [card-24]', 'gpus: [card-99]'),
		);

		assert.equal(
			message.split('\n')[2],
			'  benchmarks "tiny-on-card" gpus.0: expected the id of a record in "gpus", received "card-99", which does not exist',
		);
	});

	test('refuses zero or negative memory and bandwidth', () => {
		const message = brokenCatalogMessage((dir) => {
			replaceIn(dir, 'gpus/gpus.yaml', 'memoryGiB: 24', 'memoryGiB: 0');
			replaceIn(dir, 'gpus/gpus.yaml', 'bandwidthGBps: 936', 'bandwidthGBps: -936');
		});

		assert.deepEqual(message.split('\n').slice(1, 4), [
			'<catalog>/gpus/gpus.yaml:',
			'  gpus "card-24" memoryGiB: expected a number above 0 (GiB), received 0',
			'  gpus "card-24" bandwidthGBps: expected a number above 0 (GB/s), received -936',
		]);
	});

	test('refuses more active parameters than total', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'models/tiny.yaml', 'activeParams: 8030261248', 'activeParams: 9000000000'),
		);

		assert.equal(
			message.split('\n')[2],
			'  models "tiny-8b" activeParams: expected activeParams no larger than totalParams (8030261248), received 9000000000',
		);
	});

	test('refuses a dense feed-forward width on a MoE model', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(
				dir,
				'models/tiny.yaml',
				'vocabSize: 128256',
				'intermediateSize: 14336\nmoe:\n  experts: 8\n  expertsPerToken: 2\nvocabSize: 128256',
			),
		);

		assert.equal(
			message.split('\n')[2],
			'  models "tiny-8b" intermediateSize: expected no intermediateSize on a MoE model (it gives a dense feed-forward width), received one',
		);
	});

	test('refuses a date in the future', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'prices/prices.yaml', 'date: "2026-06-01"', 'date: "2999-01-01"'),
		);

		assert.match(
			message,
			/ {2}prices "card-24-used" date: expected a date no later than today \(\d{4}-\d{2}-\d{2}\), received "2999-01-01"/,
		);
	});

	test('refuses a layer pattern that does not match the layer count', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'models/tiny.yaml', 'layerPattern: "(F)*32"', 'layerPattern: "(F)*30"'),
		);

		assert.equal(
			message.split('\n')[2],
			'  models "tiny-8b" layerPattern: expected 32 layers (the "layers" field), received a pattern of 30',
		);
	});

	test('flags a misspelt field instead of ignoring it', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'gpus/gpus.yaml', 'boardPowerW: 350', 'boardPowerW: 350\n  boardPower: 350'),
		);

		assert.equal(
			message.split('\n')[2],
			'  gpus "card-24": expected no field named "boardPower" (check the spelling)',
		);
	});

	test('flags a duplicate id and names the file that had it first', () => {
		const message = brokenCatalogMessage((dir) =>
			writeFileSync(
				join(dir, 'gpus', 'more.yaml'),
				readFileSync(join(dir, 'gpus', 'gpus.yaml'), 'utf8'),
			),
		);

		assert.equal(
			message.split('\n')[2],
			'  gpus "card-24" id: expected a unique id, but "card-24" is already used in <catalog>/gpus/gpus.yaml',
		);
	});

	test('names the file that is not valid YAML', () => {
		const message = brokenCatalogMessage((dir) =>
			writeFileSync(join(dir, 'prices', 'broken.yaml'), '- id: x\n  low: [1, 2\n'),
		);

		assert.match(message, /<catalog>\/prices\/broken\.yaml:\n {2}prices "\(file\)": is not valid YAML: /);
	});

	test('lists every problem at once, grouped by file', () => {
		const message = brokenCatalogMessage((dir) => {
			replaceIn(dir, 'gpus/gpus.yaml', 'memoryGiB: 24', 'memoryGiB: 0');
			replaceIn(dir, 'prices/prices.yaml', 'low: 500', 'low: -1');
		});

		assert.match(message, /^The catalog has 2 problems\./);
		assert.match(message, /gpus\.yaml:\n.*memoryGiB/);
		assert.match(message, /prices\.yaml:\n.*low: expected a number above 0/);
	});
});
