import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getBitsPerValue, getRowBytes, GGML_TYPES } from '../../../src/lib/engine/ggml-types.ts';

describe('GGML_TYPES', () => {
	test('gives the bits per weight of ggml-common.h blocks', () => {
		// bytes x 8 / values: 34 x 8 / 32 = 8.5, 144 x 8 / 256 = 4.5, 136 x 8 / 256 = 4.25 ...
		// The i-quant figures are the bpw comments above each struct in ggml-common.h.
		const expected: Record<string, number> = {
			f32: 32,
			f16: 16,
			bf16: 16,
			q8_0: 8.5,
			q4_0: 4.5,
			q4_1: 5,
			q5_0: 5.5,
			q5_1: 6,
			iq4_nl: 4.5,
			mxfp4: 4.25,
			nvfp4: 4.5,
			q2_k: 2.625,
			q3_k: 3.4375,
			q4_k: 4.5,
			q5_k: 5.5,
			q6_k: 6.5625,
			iq4_xs: 4.25,
			iq3_s: 3.4375,
			iq3_xxs: 3.0625,
			iq2_s: 2.5625,
			iq2_xs: 2.3125,
			iq2_xxs: 2.0625,
			iq1_m: 1.75,
			iq1_s: 1.5625,
		};
		for (const [type, bits] of Object.entries(expected)) {
			assert.equal(getBitsPerValue(type as keyof typeof GGML_TYPES), bits, type);
		}
	});
});

describe('getRowBytes', () => {
	test('counts whole blocks: a 128-value q8_0 row is 4 blocks of 34 bytes', () => {
		assert.equal(getRowBytes('q8_0', 128), 136);
	});

	test('stores q8_0 at 34/32 bytes per value, not 34 bytes per value', () => {
		assert.equal(getRowBytes('q8_0', 1024) / 1024, 34 / 32);
	});
});
