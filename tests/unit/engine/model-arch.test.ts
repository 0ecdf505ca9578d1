import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expandPattern, toDevice, toModelArch, type ModelRecord } from '../../../src/lib/engine/model-arch.ts';
import { countParams } from '../../../src/lib/engine/params.ts';
import { estimateWeights } from '../../../src/lib/engine/weights.ts';
import { GIB, loadFixtureArch } from './helpers.ts';

/** Nemotron 3 Nano as a catalog record (values from its config.json and model card). */
const record = {
	id: 'nemotron-3-nano-30b-a3b',
	name: 'NVIDIA Nemotron 3 Nano 30B-A3B',
	publisher: 'NVIDIA',
	releaseDate: '2025-12',
	license: 'NVIDIA Open Model License',
	architectureName: 'NemotronHForCausalLM',
	totalParams: 31_600_000_000,
	activeParams: 3_200_000_000,
	paramsSource: { id: 'card', collection: 'sources' },
	layers: 52,
	layerPattern: 'RERERFERERERFERERERFERERERFERERERFERERERERFERERERERE',
	hiddenSize: 2688,
	attention: { heads: 32, kvHeads: 2, headDim: 128 },
	recurrent: { kind: 'mamba2', dConv: 4, dInner: 4096, dState: 128, nGroups: 8 },
	moe: { experts: 128, expertsPerToken: 6, sharedExperts: 1 },
	vocabSize: 131072,
	tiedEmbeddings: false,
	maxContext: 262144,
	architectureSource: { id: 'cfg', collection: 'sources' },
	scores: [],
	huggingFace: 'https://huggingface.co/nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16',
	ggufRepos: [],
	summary: 'A hybrid Mamba-2 and attention MoE model.',
	vllmCheckpoints: [],
} satisfies ModelRecord;

describe('expandPattern', () => {
	test('expands shorthand and counts the layers', () => {
		assert.equal(expandPattern('(SSSSSF)*5 SS'), `${'SSSSSF'.repeat(5)}SS`);
		assert.equal(expandPattern('(RRRF)*10').length, 40);
	});

	test('throws on a pattern that no checked record could hold', () => {
		assert.throws(() => expandPattern('FXF'), /bad layer pattern "FXF": letter/);
	});
});

describe('toModelArch', () => {
	test('turns a catalog record into plain architecture data', () => {
		const arch = toModelArch(record);
		assert.equal(arch.layerKinds.length, 52);
		assert.equal(arch.layerKinds.split('').filter((kind) => kind === 'F').length, 6);
		assert.deepEqual(arch.moe, { experts: 128, expertsPerToken: 6, sharedExperts: 1 });
		assert.equal(arch.architecture, 'NemotronHForCausalLM');
		assert.equal(arch.ffn, undefined);
	});

	test('marks the attention of Gated DeltaNet hybrids as output-gated', () => {
		const arch = toModelArch({
			...record,
			recurrent: { kind: 'gated-deltanet', dConv: 4, dInner: 4096, dState: 128, nGroups: 16 },
		});
		assert.equal(arch.attention?.outputGate, true);
	});
});

describe('toModelArch with a feed-forward width', () => {
	/** Qwen3.6-27B as its record gives it: a dense hybrid whose totalParams counts its vision tower. */
	const dense = {
		...record,
		id: 'qwen3-6-27b',
		architectureName: 'Qwen3_5ForConditionalGeneration',
		totalParams: 27_781_427_952,
		activeParams: 27_781_427_952,
		layers: 64,
		layerPattern: '(RRRF)*16',
		hiddenSize: 5120,
		intermediateSize: 17408,
		attention: { heads: 24, kvHeads: 4, headDim: 256 },
		recurrent: { kind: 'gated-deltanet' as const, dConv: 4, dInner: 6144, dState: 128, nGroups: 16 },
		moe: undefined,
	} satisfies ModelRecord;

	test('reads the dense feed-forward from the width instead of deriving it', () => {
		const arch = toModelArch(dense);

		assert.deepEqual(arch.ffn, {
			kinds: 'D'.repeat(64),
			denseSize: 17408,
			expertSize: 0,
			sharedSize: 0,
			gated: true,
		});
	});

	test('counts fewer parameters than the total that includes the vision tower', () => {
		const withWidth = countParams(toModelArch(dense)).total;
		const derived = countParams(toModelArch({ ...dense, intermediateSize: undefined })).total;

		assert.ok(Math.abs(derived - dense.totalParams) / dense.totalParams < 0.001);
		assert.ok(withWidth < derived * 0.98, `${withWidth} should be well below ${derived}`);
	});
});

describe('toModelArch with MoE widths', () => {
	/** DeepSeek-V3.1 as its record gives it, with the widths of its config.json. */
	const deepseek = {
		...record,
		id: 'deepseek-v3-1',
		architectureName: 'DeepseekV3ForCausalLM',
		totalParams: 671_000_000_000,
		activeParams: 37_000_000_000,
		layers: 61,
		layerPattern: '(F)*61',
		hiddenSize: 7168,
		intermediateSize: 18432,
		attention: {
			heads: 128,
			kvHeads: 128,
			headDim: 192,
			headDimV: 128,
			mla: { kvLoraRank: 512, qkRopeHeadDim: 64, qLoraRank: 1536 },
		},
		recurrent: undefined,
		moe: {
			experts: 256,
			expertsPerToken: 8,
			sharedExperts: 1,
			expertIntermediateSize: 2048,
			sharedIntermediateSize: 2048,
			leadingDenseLayers: 3,
		},
		vocabSize: 129280,
		maxContext: 131072,
	} satisfies ModelRecord;

	test('makes the leading blocks dense and the rest MoE, with the widths as given', () => {
		const arch = toModelArch(deepseek);

		assert.deepEqual(arch.ffn, {
			kinds: `DDD${'M'.repeat(58)}`,
			denseSize: 18432,
			expertSize: 2048,
			sharedSize: 2048,
			gated: true,
		});
		assert.equal(arch.attention?.mla?.qLoraRank, 1536);
	});

	test('counts the same tensors as the imported config.json', () => {
		const fromRecord = toModelArch(deepseek);
		const fromConfig = loadFixtureArch('deepseek-v3.json');

		assert.equal(countParams(fromRecord).total, countParams(fromConfig).total);
		assert.equal(estimateWeights(fromRecord, 'q4_k_m').totalBytes, estimateWeights(fromConfig, 'q4_k_m').totalBytes);
	});

	test('derives the experts when the shared width is missing', () => {
		const moe = { ...deepseek.moe, sharedIntermediateSize: undefined };
		const arch = toModelArch({ ...deepseek, moe });

		assert.equal(arch.ffn, undefined);
	});

	test('takes the MoE and dense blocks from a pattern that marks them', () => {
		const arch = toModelArch({
			...record,
			layers: 4,
			layerPattern: 'RERD',
			intermediateSize: 1024,
			moe: { ...record.moe, expertIntermediateSize: 1856, sharedIntermediateSize: 3712 },
		});

		assert.equal(arch.ffn?.kinds, '-M-D');
		assert.equal(arch.ffn?.gated, false);
		assert.equal(arch.ffn?.denseSize, 1024);
	});
});

describe('toDevice', () => {
	test('turns GiB and GB/s into bytes and bytes per second', () => {
		const device = toDevice({ id: 'rtx-3090', shortName: 'RTX 3090', memoryGiB: 24, bandwidthGBps: 936, kind: 'consumer' });
		assert.deepEqual(device, {
			id: 'rtx-3090',
			name: 'RTX 3090',
			memoryBytes: 24 * GIB,
			bandwidthBytesPerSecond: 936e9,
			kind: 'consumer',
		});
	});
});
