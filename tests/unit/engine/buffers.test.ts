import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	COMPUTE_BAND,
	DISPLAY_RESERVE_BYTES,
	estimateComputeBuffer,
	estimateOutputBuffer,
	evaluateComputeParts,
	getDeviceOverhead,
	getHostComputeParts,
	getUsableBytes,
} from '../../../src/lib/engine/buffers.ts';
import { GIB, loadFixtureArch, makeGpu, MIB } from './helpers.ts';

const mistral = loadFixtureArch('mistral-7b-instruct-v0.3.json');

/** The compute buffer of one GPU holding the whole Mistral-shaped model, flash attention off. */
function getMistralCompute(cells: number) {
	return estimateComputeBuffer({
		model: mistral,
		runtime: 'llama.cpp',
		ubatch: 512,
		kvCells: cells,
		flashAttention: false,
		quantizedCache: false,
		kvRowValues: 2048,
		hasAttention: true,
		hasRecurrent: false,
		hasFfn: true,
		hasOutput: true,
	});
}

describe('estimateComputeBuffer', () => {
	test('brackets the logged compute buffers of a Mistral-shaped model without flash attention', () => {
		// fedora-copr/logdetective PR #106 logs 164.00 MiB at n_ctx 2048 and 2144.00 MiB at 32768.
		// Scores: 2048 x 512 x 32 heads x 4 bytes = 128 MiB, + 24 MiB hidden copies = 152 MiB.
		for (const [cells, logged] of [
			[2048, 164 * MIB],
			[32768, 2144 * MIB],
		] as const) {
			const band = getMistralCompute(cells);
			assert.ok(band.low <= logged && logged <= band.high, `${logged} outside ${band.low}..${band.high}`);
		}
		assert.equal(getMistralCompute(2048).value, 152 * MIB);
	});

	test('is dominated by the logits of a batch with flash attention on', () => {
		// 32768 vocab x 512 tokens x 4 bytes = 64 MiB; FFN 14336 x 512 x 4 x 2 = 56 MiB.
		const band = estimateComputeBuffer({
			model: mistral,
			runtime: 'llama.cpp',
			ubatch: 512,
			kvCells: 32768,
			flashAttention: true,
			quantizedCache: false,
			kvRowValues: 2048,
			hasAttention: true,
			hasRecurrent: false,
			hasFfn: true,
			hasOutput: true,
		});
		assert.equal(band.value, 64 * MIB + 24 * MIB);
		assert.equal(band.high, band.value * COMPUTE_BAND.high);
	});
});

describe('getHostComputeParts', () => {
	test('matches the logged host buffers: input embeddings plus the attention mask', () => {
		// Logged 12.01 MiB at 2048 and 72.01 MiB at 32768: 512 x 4096 x 4 = 8 MiB + 512 x cells x 4.
		const parts = getHostComputeParts(mistral, 512, false);
		assert.equal(evaluateComputeParts(parts, 2048).value, 12 * MIB);
		assert.equal(evaluateComputeParts(parts, 32768).value, 72 * MIB);
	});
});

describe('estimateOutputBuffer', () => {
	test('holds vocab x sequences x 4 bytes of logits', () => {
		// Llama 3: 128256 x 4 = 0.49 MiB, as llama.cpp logs "output buffer size = 0.49 MiB".
		assert.equal(estimateOutputBuffer(128256), 513024);
		assert.equal(estimateOutputBuffer(128256, 4), 4 * 513024);
	});
});

describe('getUsableBytes', () => {
	test('lets Apple Silicon use 2/3 of unified memory up to 36 GB and 3/4 above', () => {
		const small = { ...makeGpu(24), kind: 'apple-unified' as const };
		const large = { ...makeGpu(48), kind: 'apple-unified' as const };
		assert.equal(getUsableBytes(small, 'llama.cpp'), 16 * GIB);
		assert.equal(getUsableBytes(large, 'llama.cpp'), 36 * GIB);
	});

	test('gives vLLM its utilization share and llama.cpp the whole card', () => {
		assert.equal(getUsableBytes(makeGpu(80), 'vllm'), 72 * GIB);
		assert.equal(getUsableBytes(makeGpu(80), 'vllm', 0.5), 40 * GIB);
		assert.equal(getUsableBytes(makeGpu(24), 'llama.cpp'), 24 * GIB);
	});
});

describe('getDeviceOverhead', () => {
	test('charges the CUDA context, and more on a card that drives the display', () => {
		const gpu = makeGpu(24);
		assert.equal(getDeviceOverhead(gpu, 'llama.cpp'), 330 * MIB);
		assert.equal(getDeviceOverhead(gpu, 'llama.cpp', true), 330 * MIB + DISPLAY_RESERVE_BYTES);
		assert.equal(getDeviceOverhead({ ...gpu, kind: 'apple-unified' }, 'llama.cpp'), 0);
	});
});
