import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FUZZ_RUNS } from '../fuzz.ts';
import {
	COMPARE_KINDS,
	COMPARE_PERMALINK_KEYS,
	DEFAULT_COMPARE_SELECTION,
	MAX_COMPARED,
	decodeCompareQuery,
	encodeCompareQuery,
	isValidCompareSelection,
	type CompareKnownIds,
	type CompareSelection,
} from '../../../src/lib/compare.ts';
import { MAX_QUOTE_CHARS, WHOLE_QUERY_KEY, type IgnoredParam } from '../../../src/lib/query-codec.ts';

const GPUS = ['rtx-3090', 'rtx-4090', 'rtx-5090', 'a40', 'l40s'];
const MODELS = ['qwen3-8b', 'phi-4', 'gemma-3-27b-it'];
const KNOWN: CompareKnownIds = { gpus: new Set(GPUS), models: new Set(MODELS) };
const DEFAULTS: CompareSelection = { kind: 'gpus', ids: ['rtx-3090', 'rtx-4090'] };

/** Decodes against the test catalog and defaults. */
function decode(query: string | URLSearchParams) {
	return decodeCompareQuery(query, KNOWN, DEFAULTS);
}

/** Checks that a report entry is safe to show as text: short, printable quotes, a sentence. */
function assertSafeEntry(entry: IgnoredParam) {
	assert.ok(Array.from(entry.value).length <= MAX_QUOTE_CHARS + 1, entry.value);
	assert.doesNotMatch(entry.value, /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
	assert.doesNotMatch(entry.reason, /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
	assert.match(entry.reason, /^[A-Z].*\.$/su);
}

/** Decodes and checks the promises every decode keeps, whatever the input. */
function assertDecodesSafely(query: string | URLSearchParams) {
	const { selection, ignored } = decode(query);
	assert.ok(isValidCompareSelection(selection, KNOWN), JSON.stringify(selection));
	for (const entry of ignored) assertSafeEntry(entry);
}

const selectionArb: fc.Arbitrary<CompareSelection> = fc
	.constantFrom(...COMPARE_KINDS)
	.chain((kind) =>
		fc
			.uniqueArray(fc.constantFrom(...(kind === 'gpus' ? GPUS : MODELS)), {
				minLength: 1,
				maxLength: MAX_COMPARED,
			})
			.map((ids) => ({ kind, ids })),
	);

const HOSTILE_VALUES = [
	'',
	',',
	'rtx-3090,,rtx-3090',
	'%00rtx-3090',
	'rtx-3090\u202E',
	'<script>x</script>',
	GPUS.join(','),
	'a,'.repeat(1100),
];

const soupArb = fc
	.array(
		fc.tuple(
			fc.oneof(
				fc.constantFrom(...COMPARE_PERMALINK_KEYS.map((entry) => entry.key)),
				fc.string({ unit: 'binary', maxLength: 6 }),
			),
			fc.oneof(
				fc.constantFrom(...HOSTILE_VALUES),
				fc
					.array(fc.constantFrom(...GPUS, ...MODELS, '', 'x'), { maxLength: 8 })
					.map((ids) => ids.join(',')),
				fc.string({ unit: 'binary', maxLength: 40 }),
			),
			fc.boolean(),
		),
		{ maxLength: 12 },
	)
	.map((pairs) =>
		pairs
			.map(([key, value, escape]) =>
				escape ? `${key}=${encodeURIComponent(value.replace(/\p{Cs}/gu, ''))}` : `${key}=${value}`,
			)
			.join('&'),
	);

describe('encodeCompareQuery', () => {
	it('writes only the version for the default selection', () => {
		assert.equal(encodeCompareQuery(DEFAULTS, DEFAULTS), 'v=1');
		assert.equal(encodeCompareQuery(DEFAULT_COMPARE_SELECTION), 'v=1');
	});

	it('writes the version first, then the list in column order', () => {
		assert.equal(
			encodeCompareQuery({ kind: 'gpus', ids: ['rtx-3090', 'a40'] }, DEFAULTS),
			'v=1&gpus=rtx-3090,a40',
		);
		assert.equal(
			encodeCompareQuery({ kind: 'models', ids: ['phi-4', 'qwen3-8b'] }, DEFAULTS),
			'v=1&models=phi-4,qwen3-8b',
		);
	});

	it('writes a reordered default as a list, since column order is part of the selection', () => {
		assert.equal(
			encodeCompareQuery({ kind: 'gpus', ids: ['rtx-4090', 'rtx-3090'] }, DEFAULTS),
			'v=1&gpus=rtx-4090,rtx-3090',
		);
	});
});

describe('decodeCompareQuery', () => {
	it('reads back every valid selection exactly, with nothing ignored', () => {
		fc.assert(
			fc.property(selectionArb, selectionArb, (selection, defaults) => {
				const decoded = decodeCompareQuery(encodeCompareQuery(selection, defaults), KNOWN, defaults);

				assert.deepEqual(decoded, { selection, ignored: [] });
			}),
			{ numRuns: FUZZ_RUNS },
		);
	});

	it('returns a valid selection for any string', () => {
		fc.assert(fc.property(fc.string(), assertDecodesSafely), { numRuns: FUZZ_RUNS });
		fc.assert(fc.property(fc.string({ unit: 'binary' }), assertDecodesSafely), {
			numRuns: FUZZ_RUNS,
		});
	});

	it('returns a valid selection for any soup of keys and values', () => {
		fc.assert(fc.property(soupArb, assertDecodesSafely), { numRuns: FUZZ_RUNS });
		fc.assert(fc.property(soupArb, (soup) => assertDecodesSafely(new URLSearchParams(soup))));
	});

	it('reads a link without a version as version 1', () => {
		assert.deepEqual(decode('?models=phi-4,qwen3-8b'), {
			selection: { kind: 'models', ids: ['phi-4', 'qwen3-8b'] },
			ignored: [],
		});
	});

	it('reads an unknown version as version 1 and says so', () => {
		const { selection, ignored } = decode('v=2&gpus=a40');

		assert.deepEqual(selection, { kind: 'gpus', ids: ['a40'] });
		assert.deepEqual(ignored, [
			{
				key: 'v',
				value: '2',
				reason:
					'Version "2" is not supported (this page reads version 1), so the link is read as version 1.',
			},
		]);
	});

	it('keeps the default and reports nothing for an empty query', () => {
		assert.deepEqual(decode(''), { selection: DEFAULTS, ignored: [] });
		assert.deepEqual(decode('v=1'), { selection: DEFAULTS, ignored: [] });
	});

	it('returns a copy of the default, never the default itself', () => {
		const { selection } = decode('');
		selection.ids.push('a40');

		assert.deepEqual(DEFAULTS.ids, ['rtx-3090', 'rtx-4090']);
	});

	it('reports unknown and repeated keys', () => {
		const { selection, ignored } = decode('utm_source=x&gpus=a40&gpus=l40s');

		assert.deepEqual(selection, { kind: 'gpus', ids: ['a40'] });
		assert.deepEqual(ignored, [
			{
				key: 'utm_source',
				value: 'x',
				reason: 'Setting "utm_source" is not one this page knows, so it is ignored.',
			},
			{
				key: 'gpus',
				value: 'l40s',
				reason: 'Setting "gpus" appears more than once, so only its first value is used.',
			},
		]);
	});

	it('reads the GPUs and reports the models when a link has both', () => {
		const { selection, ignored } = decode('models=phi-4&gpus=a40');

		assert.deepEqual(selection, { kind: 'gpus', ids: ['a40'] });
		assert.deepEqual(ignored, [
			{
				key: 'models',
				value: 'phi-4',
				reason:
					'Models "phi-4" cannot be compared together with GPUs ("gpus"), so they are ignored.',
			},
		]);
	});

	it('leaves out unknown ids with a notice that quotes them as text', () => {
		const { selection, ignored } = decode('gpus=rtx-5090,<script>x</script>');

		assert.deepEqual(selection, { kind: 'gpus', ids: ['rtx-5090'] });
		assert.deepEqual(ignored, [
			{
				key: 'gpus',
				value: '<script>x</script>',
				reason: 'GPU "<script>x</script>" is not in the catalog, so it is left out.',
			},
		]);
	});

	it(`keeps at most ${MAX_COMPARED} and names every id it leaves out`, () => {
		const { selection, ignored } = decode('gpus=rtx-3090,rtx-3090,rtx-4090,rtx-5090,a40,l40s,');

		assert.deepEqual(selection.ids, ['rtx-3090', 'rtx-4090', 'rtx-5090', 'a40']);
		assert.deepEqual(
			ignored.map((entry) => entry.reason),
			[
				'GPUs "rtx-3090,rtx-3090,rtx-4090,rtx-5090,a40,…" has an empty entry, which is left out.',
				'GPU "rtx-3090" is listed more than once, so it is shown once.',
				'Only 4 can be compared at once, so GPU "l40s" is left out.',
			],
		);
	});

	it('falls back to the default when no id is usable, and says which ids it refused', () => {
		const { selection, ignored } = decode('models=nope');

		assert.deepEqual(selection, DEFAULTS);
		assert.deepEqual(
			ignored.map((entry) => entry.reason),
			[
				'Models "nope" names no model this page can show, so the default (GPUs rtx-3090, ' +
					'rtx-4090) is used.',
			],
		);
	});

	it('refuses a list over 2,000 characters as a whole instead of cutting an id', () => {
		const query = `gpus=${'rtx-3090,'.repeat(230)}a40`;
		const { selection, ignored } = decode(query);

		assert.deepEqual(selection, DEFAULTS);
		assert.equal(ignored.length, 1);
		assert.match(ignored[0]!.reason, /^GPUs "rtx-3090,.*…" is longer than 2,000 characters, so/u);
	});

	it('ignores a whole query over 8,000 characters', () => {
		const { selection, ignored } = decode(`gpus=a40&x=${'b'.repeat(8000)}`);

		assert.deepEqual(selection, DEFAULTS);
		assert.deepEqual(
			ignored.map((entry) => entry.key),
			[WHOLE_QUERY_KEY],
		);
	});

	it('quotes NUL and bidi overrides as replacement characters', () => {
		const { ignored } = decode('gpus=a40,%00x%E2%80%AEy');

		assert.deepEqual(ignored, [
			{
				key: 'gpus',
				value: '\uFFFDx\uFFFDy',
				reason: 'GPU "\uFFFDx\uFFFDy" is not in the catalog, so it is left out.',
			},
		]);
	});
});

describe('isValidCompareSelection', () => {
	it('accepts the default selection', () => {
		assert.ok(isValidCompareSelection(DEFAULT_COMPARE_SELECTION));
	});

	it('refuses selections a decode could not return', () => {
		const bad: unknown[] = [
			null,
			{ kind: 'cpus', ids: ['a40'] },
			{ kind: 'gpus', ids: [] },
			{ kind: 'gpus', ids: ['a40', 'a40'] },
			{ kind: 'gpus', ids: GPUS },
			{ kind: 'gpus', ids: ['phi-4'] },
		];
		for (const value of bad) assert.equal(isValidCompareSelection(value, KNOWN), false);
	});
});

describe('COMPARE_PERMALINK_KEYS', () => {
	it('lists the version first and both lists', () => {
		assert.deepEqual(
			COMPARE_PERMALINK_KEYS.map((entry) => entry.key),
			['v', ...COMPARE_KINDS],
		);
	});
});
