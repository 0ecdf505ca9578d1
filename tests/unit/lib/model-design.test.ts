import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countLayerKinds, getModelDesigns } from '../../../src/lib/model-design.ts';

describe('countLayerKinds', () => {
	test('expands shorthand before counting', () => {
		assert.deepEqual(countLayerKinds('(SSSSSF)*2 SS'), { F: 2, S: 12, R: 0, E: 0, D: 0 });
	});

	test('returns zeros for a pattern it cannot read', () => {
		assert.deepEqual(countLayerKinds('FX'), { F: 0, S: 0, R: 0, E: 0, D: 0 });
	});
});

describe('getModelDesigns', () => {
	test('names every trait a hybrid MoE with attention has', () => {
		const designs = getModelDesigns({
			layerPattern: 'RERE*FE'.replace('*', ''),
			moe: { experts: 128, expertsPerToken: 6, sharedExperts: 1 },
			attention: { heads: 32, kvHeads: 2, headDim: 128 },
		});

		assert.deepEqual(designs, ['moe', 'hybrid']);
	});

	test('marks MLA and sliding windows', () => {
		assert.deepEqual(
			getModelDesigns({
				layerPattern: 'SF',
				attention: { heads: 8, kvHeads: 8, headDim: 64, slidingWindow: 128, mla: { kvLoraRank: 512, qkRopeHeadDim: 64 } },
			}),
			['dense', 'sliding-window', 'mla'],
		);
	});
});
