import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate } from '../../../src/lib/engine/estimate.ts';
import { estimateKvCache } from '../../../src/lib/engine/kv-cache.ts';
import { estimateWeights } from '../../../src/lib/engine/weights.ts';
import { assertClose, GIB, loadFixtureArch, makeGpu, MIB } from './helpers.ts';

const llama = loadFixtureArch('llama-3.1-8b-instruct.json');
const gemma = loadFixtureArch('gemma-3-4b-it.json');
const qwen3Moe = loadFixtureArch('qwen3-30b-a3b.json');
const nemotron = loadFixtureArch('nemotron-3-nano-30b-a3b.json');

/** Llama 3.1 8B Q4_K_M at the size bartowski lists (4.92 GB). */
const llamaInput = { model: llama, quant: 'q4_k_m', publishedWeightsBytes: 4.92e9, context: 8192 };

describe('estimate: fit and headroom', () => {
	test('fits Llama 3.1 8B Q4_K_M at 8K on an 8 GiB card and reports the headroom', () => {
		const result = estimate({ ...llamaInput, devices: [makeGpu(8)] });
		const device = result.devices[0]!;
		assert.equal(result.fits, true);
		assert.equal(result.kvCacheBytes, GIB);
		assert.equal(device.headroomBytes, 8 * GIB - device.totalBytes.value);
		assert.equal(result.headroomBytes, device.headroomBytes);
		assert.equal(
			device.totalBytes.value,
			device.weightsBytes + device.kvCacheBytes + device.computeBufferBytes.value + device.overheadBytes,
		);
	});

	test('does not fit on a 4 GiB card and gives a negative headroom', () => {
		const result = estimate({ ...llamaInput, devices: [makeGpu(4)] });
		assert.equal(result.fits, false);
		assert.ok(result.headroomBytes < 0);
	});

	test('checks the host against installed RAM when it is given', () => {
		const result = estimate({ ...llamaInput, devices: [makeGpu(24)], systemRamBytes: 128 * MIB });
		assert.equal(result.devices[0]!.fits, true);
		assert.equal(result.fits, false);
	});

	test('keeps the file size as the total weights, published or estimated', () => {
		assert.equal(estimate({ ...llamaInput, devices: [makeGpu(8)] }).weightsBytes.value, 4.92e9);
		const estimated = estimate({ model: llama, quant: 'q4_k_m', context: 8192, devices: [makeGpu(8)] });
		assert.equal(estimated.weightsSource, 'estimated');
		assert.ok(estimated.weightsBytes.low < estimated.weightsBytes.value);
	});
});

describe('estimate: where weights live', () => {
	test('keeps the token embedding table in host RAM with all layers on the GPU', () => {
		const result = estimate({ ...llamaInput, devices: [makeGpu(24)] });
		const plan = estimateWeights(llama, 'q4_k_m', { publishedBytes: 4.92e9 });
		assertClose(result.weightsHostBytes, plan.tokenEmbdBytes, 1e-9, 'host weights');
		assertClose(result.weightsGpuBytes + result.weightsHostBytes, 4.92e9, 1e-9, 'all weights');
	});

	test('loads a second copy of tied embeddings on the GPU as the output layer', () => {
		const result = estimate({ model: gemma, quant: 'q8_0', context: 4096, devices: [makeGpu(24)] });
		const plan = estimateWeights(gemma, 'q8_0');
		assertClose(result.weightsGpuBytes + result.weightsHostBytes, plan.totalBytes + plan.tokenEmbdBytes, 1e-9, 'with copy');
	});

	test('moves the weights and KV of CPU layers to system RAM', () => {
		// 8 of 32 layers on the CPU: a quarter of the KV cache goes to the host.
		const result = estimate({ ...llamaInput, devices: [makeGpu(24)], cpuLayers: 8 });
		assert.equal(result.kvCacheHostBytes, GIB / 4);
		assert.equal(result.devices[0]!.kvCacheBytes, (3 * GIB) / 4);
		assert.equal(result.devices[0]!.layers, 24);
		const all = estimate({ ...llamaInput, devices: [makeGpu(24)] });
		assert.ok(result.weightsHostBytes > all.weightsHostBytes);
	});

	test('moves only the routed experts of --n-cpu-moe layers, not their KV', () => {
		const gpuOnly = estimate({ model: qwen3Moe, quant: 'q4_k_m', context: 8192, devices: [makeGpu(24)] });
		const offloaded = estimate({ model: qwen3Moe, quant: 'q4_k_m', context: 8192, devices: [makeGpu(24)], cpuMoeLayers: 48 });
		const plan = estimateWeights(qwen3Moe, 'q4_k_m');
		const experts = plan.layerExpertBytes.reduce((sum, bytes) => sum + bytes, 0);
		assertClose(offloaded.weightsHostBytes - gpuOnly.weightsHostBytes, experts, 1e-9, 'experts on host');
		assert.equal(offloaded.kvCacheHostBytes, 0);
		assert.equal(offloaded.kvCacheBytes, gpuOnly.kvCacheBytes);
	});

	test('splits layers over GPUs in proportion to their memory, each with its own buffers', () => {
		const result = estimate({ ...llamaInput, devices: [makeGpu(24, 936, 'a'), makeGpu(8, 288, 'b')] });
		const [first, second] = result.devices;
		// 33 slots (32 layers + output) split 3:1: 25 on the 24 GiB card, 7 layers + output on the 8 GiB.
		assert.equal(first!.layers + second!.layers, 32);
		assert.equal(first!.layers, 25);
		assert.ok(first!.overheadBytes > 0 && second!.overheadBytes > 0);
		assert.ok(first!.computeBufferBytes.value > 0 && second!.computeBufferBytes.value > 0);
		assert.equal(result.overheadBytes, first!.overheadBytes + second!.overheadBytes);
	});

	test('charges the vision projector at its runtime size and the draft model on the first GPU', () => {
		const base = estimate({ ...llamaInput, devices: [makeGpu(24)] });
		const withExtras = estimate({
			...llamaInput,
			devices: [makeGpu(24)],
			extras: { visionProjectorBytes: 884 * MIB, draftModelBytes: 500 * MIB },
		});
		assertClose(withExtras.extrasBytes, 1158 * MIB + 500 * MIB, 1e-9, 'extras');
		assertClose(withExtras.totalBytes.value - base.totalBytes.value, withExtras.extrasBytes, 1e-9, 'total');
	});
});

describe('estimate: runtimes', () => {
	test('multiplies the context by the slots under Ollama', () => {
		// num_ctx 8192 x 4 slots = 32768 cells: 4 GiB of KV for Llama 3.1 8B.
		const result = estimate({ ...llamaInput, runtime: 'ollama', parallel: 4, devices: [makeGpu(24)] });
		assert.equal(result.kvCacheBytes, 4 * GIB);
		const llamaCpp = estimate({ ...llamaInput, parallel: 4, devices: [makeGpu(24)] });
		assert.equal(llamaCpp.kvCacheBytes, GIB);
	});

	test('reserves vLLM its utilization share and leaves the rest of it to the KV pool', () => {
		const result = estimate({ model: llama, quant: 'bf16', context: 32768, runtime: 'vllm', devices: [makeGpu(80)] });
		const device = result.devices[0]!;
		assert.equal(device.usableBytes, 72 * GIB);
		assert.equal(result.kvCacheBytes, 4 * GIB);
		assert.ok(result.kvPoolBytes! > result.kvCacheBytes);
		assert.equal(result.fits, true);
		// All weights live on the GPU under vLLM, embeddings included.
		assert.equal(result.weightsHostBytes, 0);
	});

	test('keeps an F16 cache for the full context under MLX, sliding layers included', () => {
		const result = estimate({
			model: gemma,
			quant: 'q4_k_m',
			context: 32768,
			runtime: 'mlx',
			cacheTypeK: 'q8_0',
			devices: [{ ...makeGpu(48), kind: 'apple-unified' }],
		});
		assert.equal(result.kvCacheBytes, estimateKvCache({ model: gemma, context: 32768, swaFull: true }).bytes);
		assert.match(result.warnings.join(' '), /F16 cache/);
		assert.equal(result.overheadBytes, 0);
	});

	test('limits Apple Silicon to its working set', () => {
		const result = estimate({ ...llamaInput, devices: [{ ...makeGpu(24), kind: 'apple-unified' }] });
		assert.equal(result.devices[0]!.usableBytes, 16 * GIB);
	});
});

describe('estimate: host side', () => {
	test('reports the compute buffer and the whole host side when there is no GPU', () => {
		const result = estimate(llamaInput);

		assert.equal(result.totalBytes.value, 0);
		assert.equal(result.computeBufferBytes.value, 0);
		assert.ok(result.hostComputeBufferBytes.value > 0);
		assert.equal(result.hostTotalBytes.value, result.hostBytes);
		assert.ok(result.hostBytes > 4.92e9 + GIB + result.hostComputeBufferBytes.value - 1);
		assert.ok(result.hostTotalBytes.low < result.hostBytes && result.hostTotalBytes.high > result.hostBytes);
	});
});

describe('estimate: warnings', () => {
	test('sizes at most 256 sequences, with a warning, as llama.cpp refuses more', () => {
		const result = estimate({ ...llamaInput, parallel: 99_999_999_999 });

		assert.equal(result.kvCacheBytes, 256 * 256 * 128 * 1024);
		assert.match(result.warnings.join(' '), /at most 256 parallel sequences/);
	});

	test('warns when the context is longer than the model was trained for', () => {
		const result = estimate({ ...llamaInput, context: 262144, devices: [makeGpu(24)] });
		assert.match(result.warnings.join(' '), /longer than the 131072/);
	});

	test('warns, without throwing, about a quantized V cache without flash attention', () => {
		const result = estimate({ ...llamaInput, cacheTypeV: 'q8_0', flashAttention: false, devices: [makeGpu(24)] });
		assert.match(result.warnings.join(' '), /needs flash attention/);
	});

	test('keeps the recurrent state of a hybrid out of the KV cache', () => {
		const result = estimate({ model: nemotron, quant: 'q4_k_m', context: 131072, devices: [makeGpu(24)] });
		assert.equal(result.kvCacheBytes, 6 * 1024 * 131072);
		assert.equal(result.recurrentStateBytes, 23 * 542720 * 4);
	});
});
