import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCompareQuery, MAX_COMPARED, parseCompareQuery } from '../../../src/lib/compare.ts';

const known = { gpus: new Set(['rtx-3090', 'rtx-4090', 'rtx-5090', 'a40', 'l40s']), models: new Set(['qwen3-8b', 'phi-4']) };
const fallback = { kind: 'gpus' as const, ids: ['rtx-3090', 'rtx-4090'] };

describe('parseCompareQuery', () => {
	test('reads models and keeps their order', () => {
		assert.deepEqual(parseCompareQuery('?models=phi-4,qwen3-8b', known, fallback), {
			selection: { kind: 'models', ids: ['phi-4', 'qwen3-8b'] },
			notices: [],
		});
	});

	test('drops unknown ids with a notice that quotes them as text', () => {
		const { selection, notices } = parseCompareQuery('gpus=rtx-5090,<script>x</script>', known, fallback);

		assert.deepEqual(selection, { kind: 'gpus', ids: ['rtx-5090'] });
		assert.deepEqual(notices, [
			{ value: '<script>x</script>', reason: '"<script>x</script>" is not in the catalog, so it is left out.' },
		]);
	});

	test(`keeps at most ${MAX_COMPARED} and ignores duplicates`, () => {
		const { selection, notices } = parseCompareQuery('gpus=rtx-3090,rtx-3090,rtx-4090,rtx-5090,a40,l40s', known, fallback);

		assert.deepEqual(selection.ids, ['rtx-3090', 'rtx-4090', 'rtx-5090', 'a40']);
		assert.equal(notices.length, 1);
	});

	test('falls back when nothing usable is left', () => {
		assert.deepEqual(parseCompareQuery('gpus=nope', known, fallback).selection, fallback);
		assert.deepEqual(parseCompareQuery('', known, fallback), { selection: fallback, notices: [] });
	});
});

describe('encodeCompareQuery', () => {
	test('round-trips through parseCompareQuery', () => {
		const selection = { kind: 'gpus' as const, ids: ['a40', 'rtx-5090'] };

		assert.deepEqual(parseCompareQuery(encodeCompareQuery(selection), known, fallback).selection, selection);
	});
});
