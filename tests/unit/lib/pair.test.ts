import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import { formatBand, formatGiB, formatTps } from '../../../src/lib/format.ts';
import {
	derivePairAnswer,
	describeOffload,
	describePairAnswer,
	getPairSpeed,
	MIN_SPARE_BYTES,
	REFERENCE_CONTEXT,
	TYPICAL_DESKTOP_RAM_BYTES,
} from '../../../src/lib/pair.ts';

const data = deriveCalculatorData(loadCatalog('content'));
const GIB = 2 ** 30;

describe('derivePairAnswer', () => {
	test('recommends the largest file that leaves the margin: Cascade 2 on an RTX 3090 runs IQ4_XS', () => {
		const answer = derivePairAnswer('rtx-3090', 'nemotron-cascade-2-30b-a3b', data);

		assert.equal(answer.verdict, 'yes');
		// BF16 (about 59 GiB) cannot fit in 24 GiB; the 24.5 GB Q4_K_M file fits with under 1 GiB.
		assert.equal(answer.options[0]?.quant, 'bf16');
		assert.equal(answer.options[0]?.fits, false);
		assert.equal(answer.tighter?.quant, 'q4_k_m');
		assert.ok(answer.tighter!.fits && answer.tighter!.headroomBytes < MIN_SPARE_BYTES);
		assert.equal(answer.best.quant, 'iq4_xs');
		assert.equal(answer.meetsMargin, true);
		assert.ok(answer.best.headroomBytes >= MIN_SPARE_BYTES);
		assert.equal(answer.runnerUp?.quant, 'q2_k');
		assert.equal(answer.state.context, REFERENCE_CONTEXT);
		assert.equal(answer.state.quant, 'iq4_xs');
	});

	test('says so when no quant leaves the margin: Phi-4 on an 8 GB RTX 4060', () => {
		const answer = derivePairAnswer('rtx-4060', 'phi-4', data);

		assert.equal(answer.verdict, 'yes');
		assert.equal(answer.meetsMargin, false);
		// Q3_K_S fits with a few hundredths of a GiB; Q2_K leaves the most, still under 1 GiB.
		assert.equal(answer.tighter?.quant, 'q3_k_s');
		assert.ok(answer.tighter!.headroomBytes < 0.1 * GIB);
		assert.equal(answer.best.quant, 'q2_k');
		assert.ok(answer.best.headroomBytes > answer.tighter!.headroomBytes);
		assert.ok(answer.best.headroomBytes < MIN_SPARE_BYTES);
		assert.equal(answer.runnerUp, undefined);
	});

	test('offloads experts before whole layers for a MoE model, with the system RAM it takes', () => {
		const answer = derivePairAnswer('rtx-4060-ti-16gb', 'gpt-oss-120b', data);

		assert.equal(answer.verdict, 'offload');
		assert.equal(answer.cpuLayers, 0);
		assert.ok(answer.cpuMoeLayers > 0 && answer.cpuMoeLayers <= 36, `cpuMoeLayers ${answer.cpuMoeLayers}`);
		assert.equal(answer.state.cpuMoeLayers, answer.cpuMoeLayers);
		assert.equal(answer.state.cpuLayers, 0);
		// Most of the 62.8 GB Q4_K_M file ends up in RAM, within what a desktop holds.
		assert.ok(answer.hostBytes! > 40 * GIB && answer.hostBytes! < TYPICAL_DESKTOP_RAM_BYTES, `${answer.hostBytes! / GIB} GiB`);
		assert.ok(answer.offloadTps && answer.offloadTps.mid < answer.best.decodeTps.mid);
	});

	test('offloads whole layers for a dense model', () => {
		const answer = derivePairAnswer('rtx-3090', 'llama-3-3-70b-instruct', data);

		assert.equal(answer.verdict, 'offload');
		assert.equal(answer.cpuMoeLayers, 0);
		assert.ok(answer.cpuLayers > 0 && answer.cpuLayers < 80, `cpuLayers ${answer.cpuLayers}`);
		assert.equal(answer.state.cpuLayers, answer.cpuLayers);
	});

	test('says no when the offloaded part needs more RAM than a desktop holds: DeepSeek-V3.1 on an RTX 4060', () => {
		const answer = derivePairAnswer('rtx-4060', 'deepseek-v3-1', data);

		assert.equal(answer.verdict, 'no');
		assert.equal(answer.noReason, 'desktop-ram');
		assert.ok(answer.hostBytes! > 200 * GIB, `${answer.hostBytes! / GIB} GiB`);
		assert.equal(answer.offloadTps, undefined);
		assert.equal(answer.state.cpuMoeLayers, 0);
	});

	test('states the RAM but does not cap it for a datacenter card: DeepSeek-V3.1 on an H100', () => {
		const answer = derivePairAnswer('h100-sxm', 'deepseek-v3-1', data);

		assert.equal(answer.verdict, 'offload');
		assert.ok(answer.hostBytes! > TYPICAL_DESKTOP_RAM_BYTES, `${answer.hostBytes! / GIB} GiB`);
	});

	test('counts the CPU part against the same memory on a unified-memory machine', () => {
		const tooBig = derivePairAnswer('mac-mini-m4-pro-24gb', 'gpt-oss-120b', data);
		const shared = derivePairAnswer('mac-mini-m4-pro-48gb', 'qwen3-next-80b-a3b', data);

		assert.equal(tooBig.verdict, 'no');
		assert.equal(tooBig.noReason, 'unified');
		assert.equal(shared.verdict, 'offload');
		assert.ok(shared.cpuMoeLayers > 0 && shared.hostBytes! < 48 * GIB);
	});

	test('uses estimated sizes for a model without published files', () => {
		const answer = derivePairAnswer('h200-sxm', 'mistral-small-3-2-24b', data);

		assert.ok(answer.options.every((option) => option.weightsSource === 'estimated'));
		assert.equal(answer.best.quant, 'q8_0');
		assert.equal(answer.verdict, 'yes');
	});
});

describe('describeOffload', () => {
	test('names experts, whole layers or both', () => {
		assert.equal(describeOffload({ cpuLayers: 0, cpuMoeLayers: 1 }), 'the experts of 1 layer on the CPU');
		assert.equal(describeOffload({ cpuLayers: 12, cpuMoeLayers: 0 }), '12 layers on the CPU');
		assert.equal(describeOffload({ cpuLayers: 8, cpuMoeLayers: 61 }), 'every expert and 8 layers on the CPU');
	});
});

describe('describePairAnswer', () => {
	const gpus = new Map(data.gpus.map((g) => [g.id, g]));
	const quantNames = new Map(data.quants.map((q) => [q.id, q.name]));
	const describe = (gpuId: string, modelId: string) => {
		const answer = derivePairAnswer(gpuId, modelId, data);
		const gpu = gpus.get(gpuId)!;
		const sentence = describePairAnswer(answer, {
			gpu: gpu.name,
			gpuMemoryGiB: gpu.device.memoryBytes / GIB,
			model: data.models.find((m) => m.id === modelId)!.name,
			quantName: (id) => quantNames.get(id) ?? id,
		});
		return { answer, sentence };
	};

	test('says yes with the quant, the spare memory and the speed band', () => {
		const { answer, sentence } = describe('rtx-3090', 'nemotron-cascade-2-30b-a3b');

		const speed = formatBand(answer.best.decodeTps.low, answer.best.decodeTps.high, formatTps);
		assert.ok(sentence.startsWith('Yes. RTX 3090 runs '), sentence);
		assert.ok(sentence.includes(` at IQ4_XS with ${formatGiB(answer.best.headroomBytes)} to spare at 8K context`), sentence);
		assert.ok(sentence.endsWith(`at about ${speed}.`), sentence);
	});

	test('says "only just" below the margin', () => {
		const { sentence } = describe('rtx-4060', 'phi-4');

		assert.ok(sentence.startsWith('Yes, but only just. '), sentence);
		assert.ok(sentence.includes('less than the 1.0 GiB a comfortable fit leaves'), sentence);
	});

	test('names the offload, its speed and the RAM it takes', () => {
		const { answer, sentence } = describe('rtx-3060-12gb', 'nemotron-cascade-2-30b-a3b');

		assert.equal(answer.verdict, 'offload');
		const speed = getPairSpeed(answer);
		assert.deepEqual(speed, answer.offloadTps);
		assert.ok(sentence.startsWith('Only with offload. '), sentence);
		assert.ok(sentence.includes(`with ${describeOffload(answer)} it runs at about ${formatBand(speed.low, speed.high, formatTps)}`), sentence);
		assert.ok(sentence.endsWith(`takes about ${formatGiB(answer.hostBytes!)} of system RAM.`), sentence);
	});

	test('says no when the offload needs more RAM than a desktop holds', () => {
		const { answer, sentence } = describe('rtx-4060', 'deepseek-v3-1');

		assert.equal(answer.noReason, 'desktop-ram');
		assert.ok(sentence.startsWith('No. Even at '), sentence);
		assert.ok(sentence.endsWith('more than the 128.0 GiB a desktop typically holds.'), sentence);
	});
});
