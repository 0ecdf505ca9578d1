import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expandLayerPattern, LAYER_LETTERS } from '../../../src/lib/layer-pattern.ts';

/** Random patterns built from groups, with the layers they must expand to. */
const patternArb = fc
	.array(
		fc.record({
			letters: fc.string({ unit: fc.constantFrom(...LAYER_LETTERS.split('')), minLength: 1, maxLength: 6 }),
			times: fc.integer({ min: 1, max: 12 }),
		}),
		{ minLength: 1, maxLength: 6 },
	)
	.map((groups) => ({
		pattern: groups.map((g) => (g.times === 1 ? g.letters : `(${g.letters})*${g.times}`)).join(' '),
		layers: groups.map((g) => g.letters.repeat(g.times)).join(''),
	}));

describe('expandLayerPattern', () => {
	test('expands groups and ignores spaces', () => {
		assert.deepEqual(expandLayerPattern('(SSSSSF)*2 SS'), { layers: 'SSSSSFSSSSSFSS' });
	});

	test('expands any pattern of groups to the layers it stands for', () => {
		fc.assert(
			fc.property(patternArb, ({ pattern, layers }) => {
				assert.deepEqual(expandLayerPattern(pattern), { layers });
			}),
		);
	});

	test('names the first letter that is not a layer kind', () => {
		assert.deepEqual(expandLayerPattern('FFXS'), { error: 'letter', letter: 'X' });
		assert.deepEqual(expandLayerPattern('(F)*2)'), { error: 'letter', letter: ')' });
		assert.deepEqual(expandLayerPattern('f'), { error: 'letter', letter: 'f' });
	});

	test('refuses a pattern that expands past the limit without building it', () => {
		assert.deepEqual(expandLayerPattern('(FFFFFFFF)*999999999999', 1024), { error: 'length', maxLayers: 1024 });
		assert.deepEqual(expandLayerPattern('(F)*1024', 1024), { layers: 'F'.repeat(1024) });
	});
});
