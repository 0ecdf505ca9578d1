import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { CatalogError } from '../../../src/lib/catalog/issues.ts';
import { CURRENT_YEAR, TODAY } from '../../../src/schemas/common.ts';

const VALID = 'tests/fixtures/catalog/valid';

/** Closing lines of every message; the second only when a guide has a problem. */
const FOOTER = 'Fix the fields named above; each field is described in src/schemas/.';
const GUIDE_FOOTER = 'Guide frontmatter fields are described in src/schemas/guide.ts.';

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
				FOOTER,
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

	test('refuses a month that does not exist instead of calling it a future date', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'prices/prices.yaml', 'date: "2026-06-01"', 'date: "2026-13-45"'),
		);

		assert.deepEqual(message.split('\n'), [
			'The catalog has 1 problem.',
			'<catalog>/prices/prices.yaml:',
			'  prices "card-24-used" date: expected a month from 01 to 12, received "2026-13-45"',
			FOOTER,
		]);
	});

	test('refuses a day that does not exist in its month', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'benchmarks/tiny.yaml', 'date: "2026-05-01"', 'date: 2025-02-30'),
		);

		assert.equal(
			message.split('\n')[2],
			'  benchmarks "tiny-on-card" date: expected a day that exists in 2025-02 (01 to 28), received "2025-02-30"',
		);
	});

	test('accepts 29 February in a leap year', () => {
		const dir = mkdtempSync(join(tmpdir(), 'headroom-catalog-'));
		cpSync(VALID, dir, { recursive: true });
		replaceIn(dir, 'benchmarks/tiny.yaml', 'date: "2026-05-01"', 'date: 2024-02-29');

		assert.equal(loadCatalog(dir).benchmarks[0]?.date, '2024-02-29');
	});

	test('refuses a release year after the year the build runs', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'gpus/gpus.yaml', 'releaseYear: 2020', `releaseYear: ${CURRENT_YEAR + 1}`),
		);

		assert.equal(
			message.split('\n')[2],
			`  gpus "card-24" releaseYear: expected a year no later than the current one (${CURRENT_YEAR}), received ${CURRENT_YEAR + 1}`,
		);
	});

	test('refuses a top decode speed below the bottom of the range', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'benchmarks/tiny.yaml', 'decodeTps: 120', 'decodeTps: 120\n  decodeTpsHigh: 95'),
		);

		assert.equal(
			message.split('\n')[2],
			'  benchmarks "tiny-on-card" decodeTpsHigh: expected decodeTpsHigh to be at least decodeTps (120), received 95',
		);
	});

	test('reports a guide whose frontmatter names a model that does not exist', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'guides/tiny.mdx', '  - tiny-8b', '  - tiny-99'),
		);

		assert.deepEqual(message.split('\n'), [
			'The catalog has 1 problem.',
			'<catalog>/guides/tiny.mdx:',
			'  guides "tiny" models.0: expected the id of a record in "models", received "tiny-99", which does not exist',
			FOOTER,
			GUIDE_FOOTER,
		]);
	});

	test('refuses a guide published in the future', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'guides/tiny.mdx', 'published: 2026-05-01', 'published: 2999-01-01'),
		);

		assert.equal(
			message.split('\n')[2],
			`  guides "tiny" published: expected a date no later than today (${TODAY}), received "2999-01-01"`,
		);
	});

	test('refuses a guide updated before it was published', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'guides/tiny.mdx', 'updated: 2026-06-01', 'updated: 2026-04-30'),
		);

		assert.equal(
			message.split('\n')[2],
			'  guides "tiny" updated: expected updated to be no earlier than published (2026-05-01), received "2026-04-30"',
		);
	});

	test('refuses a guide date that does not exist, which Astro would roll over', () => {
		const message = brokenCatalogMessage((dir) =>
			replaceIn(dir, 'guides/tiny.mdx', 'updated: 2026-06-01', 'updated: 2026-02-30'),
		);

		assert.equal(
			message.split('\n')[2],
			'  guides "tiny" updated: expected a day that exists in 2026-02 (01 to 28), received "2026-02-30"',
		);
	});

	test('names a guide without frontmatter', () => {
		const message = brokenCatalogMessage((dir) =>
			writeFileSync(join(dir, 'guides', 'bare.mdx'), '# A guide with no frontmatter\n'),
		);

		assert.deepEqual(message.split('\n').slice(1, 3), [
			'<catalog>/guides/bare.mdx:',
			'  guides "bare": expected frontmatter between two "---" lines at the top of the file, received none',
		]);
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

	test('lists every problem at once, grouped by file, guides included', () => {
		const message = brokenCatalogMessage((dir) => {
			replaceIn(dir, 'gpus/gpus.yaml', 'memoryGiB: 24', 'memoryGiB: 0');
			replaceIn(dir, 'gpus/gpus.yaml', 'releaseYear: 2020', 'releaseYear: 2010');
			replaceIn(dir, 'prices/prices.yaml', 'low: 500', 'low: -1');
			replaceIn(dir, 'guides/tiny.mdx', '  - tiny-8b', '  - tiny-99');
		});

		assert.match(message, /^The catalog has 4 problems\./);
		assert.match(message, /gpus\.yaml:\n.*memoryGiB.*\n.*releaseYear: expected a year from 2015 on, received 2010/);
		assert.match(message, /prices\.yaml:\n.*low: expected a number above 0/);
		assert.match(message, /guides\/tiny\.mdx:\n.*models\.0: .*"tiny-99"/);
	});
});
