import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listTensors } from '../../../src/lib/engine/params.ts';
import { estimateWeights } from '../../../src/lib/engine/weights.ts';
import {
	getTensorType,
	isAttentionVLike,
	usesMoreBits,
	type RecipeContext,
} from '../../../src/lib/engine/quant-recipe.ts';
import { assertClose, loadFixtureArch } from './helpers.ts';

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

	test('gives IQ3_XS attn_q and attn_k IQ3_XXS, attn_v Q4_K under wide GQA and ffn_down IQ3_S', () => {
		assert.deepEqual(new Set(getTypes('attn_q', 'iq3_xs')), new Set(['iq3_xxs']));
		assert.deepEqual(new Set(getTypes('attn_k', 'iq3_xs')), new Set(['iq3_xxs']));
		assert.deepEqual(new Set(getTypes('attn_v', 'iq3_xs')), new Set(['q4_k']));
		assert.deepEqual(new Set(getTypes('ffn_down', 'iq3_xs')), new Set(['iq3_s']));
		assert.deepEqual(getTypes('output', 'iq3_xs'), ['q6_k']);
	});

	test('thins IQ3_XS ffn_gate and ffn_up to IQ3_XXS outside the first and last eighth', () => {
		// 32 layers: 0-3 and 28-31 keep IQ3_S, 4-27 drop to IQ3_XXS.
		const expected = Array.from({ length: 32 }, (_, layer) =>
			layer < 4 || layer >= 28 ? 'iq3_s' : 'iq3_xxs',
		);
		assert.deepEqual(getTypes('ffn_gate', 'iq3_xs'), expected);
		assert.deepEqual(getTypes('ffn_up', 'iq3_xs'), expected);
	});

	test('gives the IQ3_S file type Q4_K attn_v under wide GQA and IQ3_S elsewhere', () => {
		assert.deepEqual(new Set(getTypes('attn_v', 'iq3_s')), new Set(['q4_k']));
		for (const role of ['attn_q', 'attn_k', 'attn_output', 'ffn_gate', 'ffn_down']) {
			assert.deepEqual(new Set(getTypes(role, 'iq3_s')), new Set(['iq3_s']), role);
		}
	});

	test('builds the IQ2_S file type on IQ2_XS tensors with IQ3_S bumps', () => {
		assert.deepEqual(new Set(getTypes('attn_q', 'iq2_s')), new Set(['iq2_xs']));
		assert.deepEqual(new Set(getTypes('attn_output', 'iq2_s')), new Set(['iq3_s']));
		assert.deepEqual(getTypes('token_embd', 'iq2_s'), ['iq3_s']);
		assert.deepEqual(getTypes('output', 'iq2_s'), ['q5_k']);
		const ffnDown = getTypes('ffn_down', 'iq2_s');
		assert.deepEqual(ffnDown.slice(0, 5), ['iq3_s', 'iq3_s', 'iq3_s', 'iq3_s', 'iq2_xs']);
	});

	test('gives IQ2_XS Q2_K embeddings and first-eighth ffn_down, Q5_K output', () => {
		assert.deepEqual(getTypes('token_embd', 'iq2_xs'), ['q2_k']);
		assert.deepEqual(getTypes('output', 'iq2_xs'), ['q5_k']);
		assert.deepEqual(getTypes('ffn_down', 'iq2_xs').slice(3, 5), ['q2_k', 'iq2_xs']);
		assert.deepEqual(new Set(getTypes('attn_output', 'iq2_xs')), new Set(['iq2_xs']));
	});

	test('gives IQ1_M attn_output IQ2_XXS, Q2_K embeddings and IQ1_M elsewhere', () => {
		assert.deepEqual(new Set(getTypes('attn_output', 'iq1_m')), new Set(['iq2_xxs']));
		assert.deepEqual(getTypes('token_embd', 'iq1_m'), ['q2_k']);
		assert.deepEqual(getTypes('output', 'iq1_m'), ['q5_k']);
		assert.deepEqual(new Set(getTypes('attn_q', 'iq1_m')), new Set(['iq1_m']));
		assert.deepEqual(new Set(getTypes('attn_v', 'iq1_m')), new Set(['q4_k']));
	});

	test('gives Q2_K_S ffn_down Q4_K in the first eighth only and keeps attn_output at Q2_K', () => {
		const ffnDown = getTypes('ffn_down', 'q2_k_s');
		assert.deepEqual(ffnDown.slice(0, 5), ['q4_k', 'q4_k', 'q4_k', 'q4_k', 'q2_k']);
		assert.deepEqual(new Set(ffnDown.slice(4)), new Set(['q2_k']));
		assert.deepEqual(new Set(getTypes('attn_v', 'q2_k_s')), new Set(['q4_k']));
		assert.deepEqual(new Set(getTypes('attn_output', 'q2_k_s')), new Set(['q2_k']));
		assert.deepEqual(getTypes('output', 'q2_k_s'), ['q6_k']);
	});

	test('keeps norms in F32 and copies float file types as they are', () => {
		assert.deepEqual(new Set(getTypes('float', 'q4_k_m')), new Set(['f32']));
		assert.deepEqual(new Set(getTypes('attn_q', 'bf16')), new Set(['bf16']));
	});
});

describe('getTensorType against a published file', () => {
	// bartowski/Meta-Llama-3.1-8B-Instruct-GGUF at revision bf5b95e9, exact bytes as pinned in
	// aflin/rampart-langtools (content/model-files/llama-3-1-8b-instruct.yaml).
	const PUBLISHED_IQ3_XS = 3_518_752_160;
	const PUBLISHED_Q4_K_M = 4_920_739_232;

	test('sizes the Llama 3.1 8B IQ3_XS file within 0.5% of the listing', () => {
		assertClose(estimateWeights(llama, 'iq3_xs').totalBytes, PUBLISHED_IQ3_XS, 0.005, 'IQ3_XS');
	});

	test('puts IQ3_XS exactly as far below Q4_K_M as the two published files are', () => {
		// Both files carry the same metadata, so their difference is tensor bytes alone.
		const q4km = estimateWeights(llama, 'q4_k_m').totalBytes;
		const iq3xs = estimateWeights(llama, 'iq3_xs').totalBytes;

		assert.equal(q4km - iq3xs, PUBLISHED_Q4_K_M - PUBLISHED_IQ3_XS);
	});
});
