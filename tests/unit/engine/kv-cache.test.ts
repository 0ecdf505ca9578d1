import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	estimateKvCache,
	getKvLayout,
	MAX_SEQUENCES,
	pad256,
	toSequenceCount,
} from '../../../src/lib/engine/kv-cache.ts';
import type { ModelArch } from '../../../src/lib/engine/types.ts';
import { GIB, loadFixtureArch, MIB } from './helpers.ts';

const llama = loadFixtureArch('llama-3.1-8b-instruct.json');
const gemma = loadFixtureArch('gemma-3-4b-it.json');
const gptOss = loadFixtureArch('gpt-oss-20b.json');
const deepseek = loadFixtureArch('deepseek-v3.json');
const nemotron = loadFixtureArch('nemotron-3-nano-30b-a3b.json');

describe('pad256', () => {
	test('rounds up to a multiple of 256 cells', () => {
		assert.equal(pad256(1), 256);
		assert.equal(pad256(256), 256);
		assert.equal(pad256(1000), 1024);
	});
});

describe('toSequenceCount', () => {
	test('keeps a whole number of sequences from 1 to llama.cpp\'s 256', () => {
		assert.equal(toSequenceCount(undefined), 1);
		assert.equal(toSequenceCount(0), 1);
		assert.equal(toSequenceCount(Number.NaN), 1);
		assert.equal(toSequenceCount(4.7), 4);
		assert.equal(toSequenceCount(99_999_999_999), MAX_SEQUENCES);
		assert.equal(toSequenceCount(Number.POSITIVE_INFINITY), MAX_SEQUENCES);
	});
});

describe('getKvLayout with more sequences than llama.cpp serves', () => {
	test('caps the sequences at 256, so no sequence is left without cells', () => {
		const layout = getKvLayout({ context: 8192, parallel: 99_999_999_999 });

		assert.equal(layout.streams, 256);
		assert.equal(layout.cellsPerStream, 256);
		assert.equal(layout.nCtx, 65536);
	});
});

describe('estimateKvCache', () => {
	test('sizes Llama 3.1 8B at 8192 tokens in f16 at exactly 1 GiB', () => {
		// 32 layers x 8 KV heads x 128 x 2 (K and V) x 2 bytes x 8192 cells = 2^30 bytes.
		assert.equal(estimateKvCache({ model: llama, context: 8192 }).bytes, GIB);
	});

	test('is a quarter of the naive hidden-size formula under GQA', () => {
		// Naive: 32 layers x 4096 hidden x 2 x 2 bytes x 8192 = 4 GiB; GQA keeps 8 of 32 heads.
		const naive = llama.layers * llama.hiddenSize * 2 * 2 * 8192;
		assert.equal(naive / estimateKvCache({ model: llama, context: 8192 }).bytes, 4);
	});

	test('pads the context to 256 cells', () => {
		// 1000 tokens take 1024 cells: 32 x 8 x 128 x 2 x 2 bytes = 128 KiB per cell.
		const kv = estimateKvCache({ model: llama, context: 1000 });
		assert.equal(kv.layout.cellsPerStream, 1024);
		assert.equal(kv.bytes, 1024 * 128 * 1024);
	});

	test('gives each parallel sequence pad256(n_ctx / n_seq) cells', () => {
		// -c 8192 -np 4: four streams of 2048 cells, 1 GiB in total, as llama.cpp logs it.
		const four = estimateKvCache({ model: llama, context: 8192, parallel: 4 });
		assert.equal(four.layout.cellsPerStream, 2048);
		assert.equal(four.layout.streams, 4);
		assert.equal(four.bytes, GIB);
		// -c 8000 -np 3: pad256(8000) = 8192, 8192 / 3 = 2730, padded to 2816 cells per stream.
		const three = getKvLayout({ context: 8000, parallel: 3 });
		assert.equal(three.cellsPerStream, 2816);
		assert.equal(three.nCtx, 2816 * 3);
	});

	test('keeps one stream of n_ctx cells when the cache is unified', () => {
		const layout = getKvLayout({ context: 8192, parallel: 4, kvUnified: true });
		assert.equal(layout.streams, 1);
		assert.equal(layout.cellsPerStream, 8192);
	});

	test('stores a q8_0 cache at 34/32 of f16 halved, never 34 bytes per value', () => {
		// 1024 MiB in f16 is 512 MiB of 2-byte values; q8_0 takes 34/32 bytes each: 544 MiB.
		const kv = estimateKvCache({ model: llama, context: 8192, cacheTypeK: 'q8_0', cacheTypeV: 'q8_0' });
		assert.equal(kv.bytes, 544 * MIB);
	});

	test('warns, without throwing, that a quantized V cache needs flash attention', () => {
		const kv = estimateKvCache({ model: llama, context: 4096, cacheTypeV: 'q4_0', flashAttention: false });
		assert.equal(kv.warnings.length, 1);
		assert.match(kv.warnings[0]!, /flash attention/);
	});

	test('caps Gemma 3 sliding layers at the window plus one batch', () => {
		// 34 layers: 5 full (every 6th), 29 sliding. K+V per cell: 4 heads x 256 x 2 x 2 = 4 KiB.
		// Full: 5 x 4 KiB x 32768 = 640 MiB. Sliding: pad256(1024 + 512) = 1536 cells,
		// 29 x 4 KiB x 1536 = 174 MiB. All-full would be 34 x 4 KiB x 32768 = 4352 MiB.
		const kv = estimateKvCache({ model: gemma, context: 32768 });
		assert.equal(kv.fullLayers, 5);
		assert.equal(kv.swaLayers, 29);
		assert.equal(kv.layout.swaCellsPerStream, 1536);
		assert.equal(kv.bytes, 640 * MIB + 174 * MIB);
		const swaFull = estimateKvCache({ model: gemma, context: 32768, swaFull: true });
		assert.equal(swaFull.bytes, 4352 * MIB);
	});

	test('alternates gpt-oss sliding and full layers, starting with a sliding one', () => {
		// 12 full layers x 8 x 64 x 2 x 2 = 2 KiB per cell x 131072 = 3072 MiB; 12 sliding layers
		// x 2 KiB x pad256(128 + 512) = 768 cells = 18 MiB (llama.cpp logs 3072.00 and 18.00 MiB).
		assert.equal(gptOss.layerKinds.slice(0, 4), 'SFSF');
		const kv = estimateKvCache({ model: gptOss, context: 131072 });
		assert.equal(kv.layout.swaCellsPerStream, 768);
		assert.equal(kv.bytes, 3072 * MIB + 18 * MIB);
	});

	test('grows the sliding cache with the slot count when unified', () => {
		// -c 32768 -np 4 --kv-unified: pad256(128 x 4 + 512) = 1024 sliding cells (24 MiB).
		const kv = estimateKvCache({ model: gptOss, context: 32768, parallel: 4, kvUnified: true });
		assert.equal(kv.layout.swaCellsPerStream, 1024);
		assert.equal(kv.bytes, 768 * MIB + 24 * MIB);
	});

	test('caches only the MLA latent: kv_lora_rank + rope values as K, no V', () => {
		// DeepSeek V3: (512 + 64) x 2 bytes x 61 layers x 4096 cells = 274.5 MiB.
		const kv = estimateKvCache({ model: deepseek, context: 4096 });
		assert.equal(kv.bytes, 576 * 2 * 61 * 4096);
		// A full multi-head cache (128 heads x (192 K + 128 V)) is 71 times larger.
		const full = estimateKvCache({ model: deepseek, context: 4096, fullMla: true });
		assert.equal(full.bytes / kv.bytes, (128 * (192 + 128)) / 576);
	});

	test('gives recurrent, MoE-only and MLP-only layers no KV', () => {
		// Nemotron 3 Nano: 6 attention layers of 52; 2 KV heads x 128 x 2 x 2 = 1 KiB per cell.
		const kv = estimateKvCache({ model: nemotron, context: 8192 });
		assert.equal(kv.fullLayers, 6);
		assert.equal(kv.bytes, 6 * 1024 * 8192);
		const zero = kv.perLayer.filter((bytes, layer) => nemotron.layerKinds[layer] !== 'F' && bytes === 0);
		assert.equal(zero.length, 46);
	});

	test('holds nothing for a model without attention', () => {
		const mamba: ModelArch = { ...nemotron, layerKinds: 'R'.repeat(nemotron.layers) };
		delete mamba.attention;
		assert.equal(estimateKvCache({ model: mamba, context: 8192 }).bytes, 0);
	});
});
