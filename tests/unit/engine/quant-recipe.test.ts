import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listTensors } from '../../../src/lib/engine/params.ts';
import {
	getTensorType,
	isAttentionVLike,
	usesMoreBits,
	type RecipeContext,
} from '../../../src/lib/engine/quant-recipe.ts';
import { loadFixtureArch } from './helpers.ts';

const llama = loadFixtureArch('llama-3.1-8b-instruct.json');

/** Types of a model's tensors of one role, in file order, under a file type. */
function getTypes(role: string, fileType: Parameters<typeof getTensorType>[1]): string[] {
	const tensors = listTensors(llama);
	const context: RecipeContext = {
		layers: llama.layers,
		experts: 0,
		gqa: 4,
		attentionVCount: tensors.filter(isAttentionVLike).length,
		imatrix: true,
		tiedEmbeddings: false,
		is70b: false,
	};
	const counters = { attentionV: 0, ffnDown: 0 };
	return tensors
		.map((tensor) => ({ tensor, type: getTensorType(tensor, fileType, context, counters) }))
		.filter(({ tensor }) => tensor.role === role)
		.map(({ type }) => type);
}

describe('usesMoreBits', () => {
	test('picks the first and last eighth and every third layer between, as llama.cpp does', () => {
		const picked = Array.from({ length: 32 }, (_, layer) => layer).filter((layer) => usesMoreBits(layer, 32));
		assert.deepEqual(picked, [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]);
	});
});

describe('getTensorType', () => {
	test('gives Q4_K_M attn_v and ffn_down Q6_K on the use_more_bits layers, Q4_K elsewhere', () => {
		const attnV = getTypes('attn_v', 'q4_k_m');
		const ffnDown = getTypes('ffn_down', 'q4_k_m');
		assert.equal(attnV.filter((type) => type === 'q6_k').length, 16);
		assert.equal(ffnDown.filter((type) => type === 'q6_k').length, 16);
		assert.equal(attnV[4], 'q4_k');
	});

	test('leaves Q4_K_M attn_q, attn_k and ffn_up at Q4_K', () => {
		for (const role of ['attn_q', 'attn_k', 'ffn_up', 'ffn_gate']) {
			assert.deepEqual(new Set(getTypes(role, 'q4_k_m')), new Set(['q4_k']), role);
		}
	});

	test('gives Q3_K_M attn_v Q5_K on the first two layers and Q4_K after', () => {
		const attnV = getTypes('attn_v', 'q3_k_m');
		assert.deepEqual(attnV.slice(0, 3), ['q5_k', 'q5_k', 'q4_k']);
	});

	test('gives Q2_K attn_v Q4_K under wide GQA and ffn_down Q3_K', () => {
		assert.deepEqual(new Set(getTypes('attn_v', 'q2_k')), new Set(['q4_k']));
		assert.deepEqual(new Set(getTypes('ffn_down', 'q2_k')), new Set(['q3_k']));
	});

	test('gives IQ4_XS attn_v Q5_K under wide GQA', () => {
		assert.deepEqual(new Set(getTypes('attn_v', 'iq4_xs')), new Set(['q5_k']));
	});

	test('keeps norms in F32 and copies float file types as they are', () => {
		assert.deepEqual(new Set(getTypes('float', 'q4_k_m')), new Set(['f32']));
		assert.deepEqual(new Set(getTypes('attn_q', 'bf16')), new Set(['bf16']));
	});
});
