import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate } from '../../../src/lib/engine/estimate.ts';
import { solveMaxContext, solveMaxContextDetailed } from '../../../src/lib/engine/max-context.ts';
import type { EstimateInput, ModelArch } from '../../../src/lib/engine/types.ts';
import { loadFixtureArch, makeGpu } from './helpers.ts';

const llama = loadFixtureArch('llama-3.1-8b-instruct.json');
const gemma = loadFixtureArch('gemma-3-4b-it.json');
const nemotron = loadFixtureArch('nemotron-3-nano-30b-a3b.json');
const gptOss = loadFixtureArch('gpt-oss-20b.json');
const qwen3Moe = loadFixtureArch('qwen3-30b-a3b.json');

/** Lets a model run past its trained length, so the memory limit is what stops the solver. */
function unbounded(model: ModelArch): ModelArch {
	return { ...model, maxContext: 1 << 22 };
}

/**
 * The brute-force boundary: walk the context up in steps until the estimate stops fitting. Only
 * the test searches; the engine solves.
 */
function searchMaxContext(input: Omit<EstimateInput, 'context'>, step: number, limit: number): number {
	let last = 0;
	for (let context = step; context <= limit; context += step) {
		if (!estimate({ ...input, context }).fits) break;
		last = context;
	}
	return last;
}

describe('solveMaxContext', () => {
	const cases: [string, Omit<EstimateInput, 'context'>, number][] = [
		['Llama 3.1 8B Q4_K_M on 8 GiB', { model: unbounded(llama), quant: 'q4_k_m', devices: [makeGpu(8)] }, 256],
		[
			'Llama 3.1 8B, q8_0 cache without flash attention',
			{
				model: unbounded(llama),
				quant: 'q4_k_m',
				devices: [makeGpu(8)],
				cacheTypeK: 'q8_0',
				flashAttention: false,
			},
			256,
		],
		[
			'Llama 3.1 8B on two 6 GiB cards, 3 sequences',
			{ model: unbounded(llama), quant: 'q4_k_m', devices: [makeGpu(6), makeGpu(6)], parallel: 3 },
			768,
		],
		['Gemma 3 4B (sliding window) on 6 GiB', { model: unbounded(gemma), quant: 'q4_k_m', devices: [makeGpu(6)] }, 256],
		[
			'Gemma 3 4B without flash attention',
			{ model: unbounded(gemma), quant: 'q8_0', devices: [makeGpu(6)], flashAttention: false },
			256,
		],
		['Nemotron 3 Nano IQ4_XS on 20 GiB', { model: unbounded(nemotron), quant: 'iq4_xs', devices: [makeGpu(20)] }, 256],
		[
			'gpt-oss-20b with 4 unified slots',
			{ model: unbounded(gptOss), quant: 'mxfp4', devices: [makeGpu(16)], parallel: 4, kvUnified: true },
			256,
		],
		[
			'Qwen3-30B-A3B with experts on the CPU and RAM limited',
			{
				model: unbounded(qwen3Moe),
				quant: 'q4_k_m',
				devices: [makeGpu(8)],
				cpuMoeLayers: 48,
				systemRamBytes: 20 * 2 ** 30,
			},
			256,
		],
		[
			'Llama 3.1 8B under Ollama with 2 slots',
			{ model: unbounded(llama), quant: 'q4_k_m', devices: [makeGpu(8)], runtime: 'ollama', parallel: 2 },
			128,
		],
		['Llama 3.1 8B BF16 under vLLM', { model: unbounded(llama), quant: 'bf16', devices: [makeGpu(24)], runtime: 'vllm' }, 16],
	];
	for (const [name, input, step] of cases) {
		test(`equals the brute-force boundary: ${name}`, () => {
			const solved = solveMaxContext(input);
			assert.ok(solved > 0, 'expected some context to fit');
			assert.equal(solved, searchMaxContext(input, step, solved + 8 * step));
		});
	}

	test('returns a multiple of 256 cells for llama.cpp', () => {
		assert.equal(solveMaxContext({ model: unbounded(llama), quant: 'q4_k_m', devices: [makeGpu(8)] }) % 256, 0);
	});

	test('returns 0 when even the smallest context does not fit', () => {
		const result = solveMaxContextDetailed({ model: llama, quant: 'q4_k_m', devices: [makeGpu(4)] });
		assert.deepEqual(result, { context: 0, limitedBy: 'gpu-4' });
	});

	test('stops at the trained length when memory would allow more', () => {
		const result = solveMaxContextDetailed({ model: llama, quant: 'q4_k_m', devices: [makeGpu(80)] });
		assert.deepEqual(result, { context: 131072, limitedBy: 'maxContext' });
	});

	test('reaches the trained length once only capped sliding layers grow', () => {
		// With every layer sliding, the cache stops at the window: memory no longer depends on context.
		const allSliding: ModelArch = { ...gemma, layerKinds: 'S'.repeat(gemma.layers) };
		assert.equal(solveMaxContext({ model: allSliding, quant: 'q4_k_m', devices: [makeGpu(6)] }), gemma.maxContext);
	});

	test('solves a 3090 for Nemotron 3 Nano IQ4_XS up to the trained 262144 tokens', () => {
		// 6 attention layers x 1 KiB per cell: 256 MiB per 262144 tokens; the weights fit with room.
		assert.equal(solveMaxContext({ model: nemotron, quant: 'iq4_xs', publishedWeightsBytes: 18.2e9, devices: [makeGpu(24)] }), 262144);
	});
});
