import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countParams, deriveFfn, listTensors } from '../../../src/lib/engine/params.ts';
import { estimateWeights, getBitsPerWeight, WEIGHTS_BAND } from '../../../src/lib/engine/weights.ts';
import type { ModelArch } from '../../../src/lib/engine/types.ts';
import { assertClose, loadFixtureArch } from './helpers.ts';

const llama = loadFixtureArch('llama-3.1-8b-instruct.json');
const qwen3Moe = loadFixtureArch('qwen3-30b-a3b.json');
const nemotron = loadFixtureArch('nemotron-3-nano-30b-a3b.json');
const qwen35 = loadFixtureArch('qwen3.5-35b-a3b-ornith-finetune.json');
const gptOss = loadFixtureArch('gpt-oss-20b.json');

describe('estimateWeights: llama.cpp recipes', () => {
	// Published file sizes (decimal bytes) of content/model-files, from the publishers' listings.
	const cases: [string, ModelArch, string, number][] = [
		['Qwen3-30B-A3B Q4_K_M (unsloth)', qwen3Moe, 'q4_k_m', 18_556_685_088],
		['Qwen3-30B-A3B Q2_K (unsloth)', qwen3Moe, 'q2_k', 11_258_611_488],
		['Qwen3-30B-A3B IQ4_XS (unsloth)', qwen3Moe, 'iq4_xs', 16_382_384_416],
		['Nemotron 3 Nano Q4_K_M (ggml-org)', nemotron, 'q4_k_m', 24_515_129_632],
		['Nemotron 3 Nano Q8_0 (ggml-org)', nemotron, 'q8_0', 33_585_495_328],
		['Qwen3.6-35B-A3B Q8_0 (unsloth)', qwen35, 'q8_0', 36_903_140_320],
		['gpt-oss-20b MXFP4_MOE (ggml-org, 11.27 GiB in llama-bench)', gptOss, 'mxfp4', 12_101_070_356],
	];
	for (const [name, arch, quant, published] of cases) {
		test(`sizes ${name} within 1% of the published file`, () => {
			assertClose(estimateWeights(arch, quant).totalBytes, published, 0.01, name);
		});
	}

	test('falls back to 32-value blocks where rows are not whole 256-value blocks', () => {
		// Nemotron's hidden size 2688 is not a multiple of 256, so Q4_K tensors become Q5_0 and
		// the Q6_K output becomes Q8_0, as llama-quantize does.
		const plan = estimateWeights(nemotron, 'q4_k_m');
		assert.ok((plan.bytesByType.q5_0 ?? 0) > 0);
		assert.equal(plan.bytesByType.q6_k ?? 0, 0);
		const llamaPlan = estimateWeights(llama, 'q4_k_m');
		assert.equal(llamaPlan.bytesByType.q5_0 ?? 0, 0);
	});

	test('gives the output layer Q6_K in Q4_K_M: 128256 x 4096 x 210/256 bytes', () => {
		assert.equal(estimateWeights(llama, 'q4_k_m').outputBytes, (128256 * 4096 * 210) / 256);
	});

	test('puts an 8B Q4_K_M file near 4.9 bits per weight', () => {
		assertClose(getBitsPerWeight(llama, 'q4_k_m'), 4.89, 0.01, 'bits per weight');
	});

	test('keeps Q8_0 just above 8.5 bits per weight (F32 norms)', () => {
		const bits = getBitsPerWeight(llama, 'q8_0');
		assert.ok(bits > 8.5 && bits < 8.52, `received ${bits}`);
	});

	test('lets a published size win and apportions it over the parts', () => {
		const plan = estimateWeights(llama, 'q4_k_m', { publishedBytes: 4_920_000_000 });
		assert.equal(plan.source, 'published');
		assert.equal(plan.totalBytes, 4_920_000_000);
		assert.deepEqual([plan.band.low, plan.band.high], [4_920_000_000, 4_920_000_000]);
		const parts =
			plan.tokenEmbdBytes +
			plan.outputBytes +
			plan.globalOtherBytes +
			plan.layerBytes.reduce((sum, bytes) => sum + bytes, 0);
		assertClose(parts, 4_920_000_000, 1e-9, 'sum of parts');
	});

	test('gives an estimated size a band', () => {
		const plan = estimateWeights(llama, 'q4_k_m');
		assert.equal(plan.source, 'estimated');
		assert.equal(plan.band.low, plan.totalBytes * WEIGHTS_BAND.low);
		assert.equal(plan.band.high, plan.totalBytes * WEIGHTS_BAND.high);
	});

	test('sizes NVFP4 checkpoints at 4.5 bits with BF16 embeddings and output', () => {
		const plan = estimateWeights(llama, 'nvfp4');
		const breakdown = countParams(llama);
		const linear = breakdown.total - breakdown.embedding - breakdown.output - breakdown.other;
		const expected = linear * (4.5 / 8) + (breakdown.embedding + breakdown.output + breakdown.other) * 2;
		assertClose(plan.totalBytes, expected, 1e-9, 'NVFP4 bytes');
	});

	test('sizes MXFP4 for vLLM as gpt-oss ships it: experts 4.25 bits, the rest BF16', () => {
		const breakdown = countParams(gptOss);
		const expected = breakdown.ffnExperts * (4.25 / 8) + (breakdown.total - breakdown.ffnExperts) * 2;
		assertClose(estimateWeights(gptOss, 'mxfp4', { runtime: 'vllm' }).totalBytes, expected, 1e-9, 'MXFP4');
	});

	test('refuses an unknown quant', () => {
		assert.throws(() => estimateWeights(llama, 'q7_k'), /unknown quant "q7_k"/);
	});
});

describe('countParams', () => {
	test('splits Llama 3.1 8B into embeddings, attention and feed-forward', () => {
		const breakdown = countParams(llama);
		assert.equal(breakdown.embedding, 128256 * 4096);
		assert.equal(breakdown.attention, 32 * (2 * 4096 * 4096 + 2 * 1024 * 4096));
		assert.equal(breakdown.ffnDense, 32 * 3 * 4096 * 14336);
		assert.equal(breakdown.total, 8_030_261_248);
	});

	test('counts only the routed share of experts as active', () => {
		const breakdown = countParams(qwen3Moe);
		assert.equal(
			breakdown.active,
			breakdown.total - breakdown.ffnExperts + (breakdown.ffnExperts * 8) / 128,
		);
	});
});

describe('deriveFfn', () => {
	test('reproduces the published totals of a catalog record from its shapes', () => {
		// A catalog record knows totals but not FFN sizes: total = outside + shared + experts and
		// active = outside + shared + experts x k/n.
		const record: ModelArch = { ...qwen3Moe };
		delete record.ffn;
		const derived = deriveFfn(record);
		assertClose(derived.expertSize, 768, 0.001, 'expert size');
		const counted = countParams({ ...record, ffn: derived });
		assertClose(counted.total, qwen3Moe.totalParams, 1e-9, 'total');
		assertClose(counted.active, qwen3Moe.activeParams, 1e-9, 'active');
	});

	test('lists tensors in file order: embeddings, block by block, then the output', () => {
		const layers = listTensors(llama).map((tensor) => tensor.layer);
		const blocks = layers.filter((layer) => layer >= 0);
		assert.equal(layers[0], -1);
		assert.deepEqual(layers.slice(-2), [-1, -1]);
		assert.ok(blocks.every((layer, index) => index === 0 || layer >= blocks[index - 1]!));
	});
});
