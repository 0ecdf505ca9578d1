import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate } from '../../../src/lib/engine/estimate.ts';
import { findCpuLayersToFit } from '../../../src/lib/engine/offload.ts';
import { loadFixtureArch, makeGpu } from './helpers.ts';

const llama = loadFixtureArch('llama-3.1-8b-instruct.json');

/** Llama 3.1 8B Q4_K_M at the size bartowski lists (4.92 GB), 8K context. */
const input = { model: llama, quant: 'q4_k_m', publishedWeightsBytes: 4.92e9, context: 8192 };

describe('findCpuLayersToFit', () => {
	test('finds the fewest CPU layers that make a too-large model fit', () => {
		const devices = [makeGpu(4)];
		const cpuLayers = findCpuLayersToFit({ ...input, devices });

		assert.equal(estimate({ ...input, devices }).fits, false);
		assert.ok(cpuLayers !== undefined && cpuLayers > 0 && cpuLayers < llama.layers);
		assert.equal(estimate({ ...input, devices, cpuLayers }).fits, true);
		assert.equal(estimate({ ...input, devices, cpuLayers: cpuLayers - 1 }).fits, false);
	});

	test('gives none without a GPU or when even one layer on the GPU is too much', () => {
		assert.equal(findCpuLayersToFit(input), undefined);
		assert.equal(findCpuLayersToFit({ ...input, devices: [makeGpu(0.25)] }), undefined);
	});
});
