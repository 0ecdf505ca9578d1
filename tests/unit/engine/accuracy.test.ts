import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { computeAccuracyRows, type AccuracyRow } from '../../../src/lib/engine/accuracy.ts';

const rows = parse(readFileSync(new URL('../../reference/accuracy.yaml', import.meta.url), 'utf8')) as AccuracyRow[];
const catalog = loadCatalog(fileURLToPath(new URL('../../../content', import.meta.url)));
const results = computeAccuracyRows(rows, catalog);

describe('computeAccuracyRows on tests/reference/accuracy.yaml', () => {
	test('returns one result per row', () => {
		assert.equal(results.length, rows.length);
	});

	for (const result of results) {
		if (result.status === 'unsupported') {
			test(`${result.id} is computed`, () => {
				assert.fail(`row ${result.id} (${result.kind}) cannot be computed: ${result.note ?? 'no reason given'}`);
			});
			continue;
		}
		test(`${result.id} is within ${result.tolerancePercent}%`, () => {
			assert.ok(
				result.withinTolerance,
				`row ${result.id} (${result.kind}, ${result.modelName}): engine ${result.estimatedBytes} bytes, published ${result.publishedBytes} bytes, ${result.errorPercent?.toFixed(2)}% off (allowed ${result.tolerancePercent}%)`,
			);
			for (const part of result.parts ?? []) {
				const error = Math.abs(part.estimatedBytes - part.publishedBytes) / part.publishedBytes;
				assert.ok(
					error <= result.tolerancePercent / 100,
					`row ${result.id}, ${part.cache} cache: engine ${part.estimatedBytes}, published ${part.publishedBytes}`,
				);
			}
		});
	}
});
