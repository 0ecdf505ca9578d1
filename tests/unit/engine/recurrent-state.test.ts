import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateRecurrentState, getRecurrentValuesPerLayer } from '../../../src/lib/engine/recurrent-state.ts';
import { estimate } from '../../../src/lib/engine/estimate.ts';
import { loadFixtureArch } from './helpers.ts';

const nemotron = loadFixtureArch('nemotron-3-nano-30b-a3b.json');
const qwen35 = loadFixtureArch('qwen3.5-35b-a3b-ornith-finetune.json');

describe('getRecurrentValuesPerLayer', () => {
	test('adds the convolution and SSM state of a Mamba-2 layer', () => {
		// Nemotron 3 Nano: (4 - 1) x (4096 + 2 x 8 x 128) + 128 x 4096 = 18432 + 524288.
		assert.equal(getRecurrentValuesPerLayer(nemotron.recurrent!), 542720);
	});
});

describe('estimateRecurrentState', () => {
	test('keeps 23 Mamba layers x 542720 values x 4 bytes for one sequence', () => {
		const state = estimateRecurrentState(nemotron);
		assert.equal(state.layers, 23);
		assert.equal(state.bytes, 23 * 542720 * 4);
	});

	test('matches the 62.81 MiB llama.cpp logs for Qwen3.6-35B-A3B (30 Gated DeltaNet layers)', () => {
		// R: 3 x (4096 + 2 x 16 x 128) = 24576 values; S: 128 x 4096 = 524288 values; F32; 30 layers.
		assert.equal(estimateRecurrentState(qwen35).bytes, 30 * (24576 + 524288) * 4);
	});

	test('does not grow with the context', () => {
		const short = estimate({ model: nemotron, quant: 'q4_k_m', context: 4096 });
		const long = estimate({ model: nemotron, quant: 'q4_k_m', context: 262144 });
		assert.equal(short.recurrentStateBytes, long.recurrentStateBytes);
		assert.ok(long.kvCacheBytes > short.kvCacheBytes);
	});

	test('keeps one state per parallel sequence', () => {
		assert.equal(estimateRecurrentState(nemotron, 4).bytes, 4 * estimateRecurrentState(nemotron).bytes);
	});
});
