import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	calibrateDecode,
	DEFAULT_DECODE_EFFICIENCY,
	estimateSpeed,
	PROMPT_TO_DECODE_RATIO,
} from '../../../src/lib/engine/speed.ts';
import { estimateWeights } from '../../../src/lib/engine/weights.ts';
import { assertClose, loadFixtureArch, makeGpu } from './helpers.ts';

const llama = loadFixtureArch('llama-3.1-8b-instruct.json');
const qwen3Moe = loadFixtureArch('qwen3-30b-a3b.json');

const one = { low: 1, mid: 1, high: 1 };

describe('calibrateDecode', () => {
	test('takes min, median and max of measured / bound under eight points', () => {
		const band = calibrateDecode([
			{ measuredTps: 50, theoreticalTps: 100 },
			{ measuredTps: 30, theoreticalTps: 100 },
			{ measuredTps: 70, theoreticalTps: 100 },
		]);
		assert.deepEqual(band, { low: 0.3, mid: 0.5, high: 0.7, points: 3 });
	});

	test('takes the quartiles from eight points on, so one outlier does not stretch the band', () => {
		const points = [0.1, 0.5, 0.5, 0.5, 0.6, 0.6, 0.6, 0.95].map((ratio) => ({
			measuredTps: ratio * 100,
			theoreticalTps: 100,
		}));
		const band = calibrateDecode(points);
		assertClose(band.low, 0.5, 1e-9, 'low');
		assertClose(band.mid, 0.55, 1e-9, 'mid');
		assertClose(band.high, 0.6, 1e-9, 'high');
	});

	test('falls back to the documented default without usable points', () => {
		assert.equal(calibrateDecode([]), DEFAULT_DECODE_EFFICIENCY);
		assert.ok(DEFAULT_DECODE_EFFICIENCY.low < DEFAULT_DECODE_EFFICIENCY.mid);
		assert.ok(DEFAULT_DECODE_EFFICIENCY.mid < DEFAULT_DECODE_EFFICIENCY.high);
	});
});

describe('estimateSpeed', () => {
	const input = { model: llama, quant: 'q4_k_m', context: 8192, devices: [makeGpu(24, 1000)] };

	test('reads the whole dense model but one embedding row per token', () => {
		const speed = estimateSpeed({ ...input, efficiency: one });
		const plan = estimateWeights(llama, 'q4_k_m');
		const expected = plan.totalBytes - plan.tokenEmbdBytes + plan.tokenEmbdBytes / llama.vocabSize;
		assertClose(speed.bytesPerToken, expected, 1e-9, 'bytes per token');
		// The one embedding row comes from host RAM, a few microseconds off the GPU-only bound.
		assertClose(speed.decodeTps.mid, 1000e9 / expected, 1e-4, 'bound');
	});

	test('reads only the routed share of a MoE model', () => {
		const speed = estimateSpeed({ model: qwen3Moe, quant: 'q4_k_m', context: 8192, devices: [makeGpu(24)] });
		const plan = estimateWeights(qwen3Moe, 'q4_k_m');
		assert.ok(speed.bytesPerToken < plan.totalBytes / 5, `read ${speed.bytesPerToken} of ${plan.totalBytes}`);
	});

	test('scales with bandwidth and efficiency', () => {
		const slow = estimateSpeed({ ...input, efficiency: one });
		const fast = estimateSpeed({ ...input, devices: [makeGpu(24, 2000)], efficiency: one });
		assertClose(fast.decodeTps.mid, 2 * slow.decodeTps.mid, 1e-4, 'twice the bandwidth');
		const half = estimateSpeed({ ...input, efficiency: { low: 0.5, mid: 0.5, high: 0.5 } });
		assertClose(half.decodeTps.mid, slow.decodeTps.mid / 2, 1e-9, 'half the efficiency');
	});

	test('slows down as the KV cache read grows with depth', () => {
		const empty = estimateSpeed({ ...input, depth: 0 });
		const deep = estimateSpeed({ ...input, depth: 8192 });
		// 8192 cells x 128 KiB = 1 GiB more read per token.
		assertClose(deep.bytesPerToken - empty.bytesPerToken, 2 ** 30, 1e-9, 'KV read');
		assert.ok(deep.decodeTps.mid < empty.decodeTps.mid);
	});

	test('runs a llama.cpp layer split in sequence, so two equal GPUs are no faster than one', () => {
		const single = estimateSpeed({ ...input, devices: [makeGpu(24, 1000)], efficiency: one });
		const split = estimateSpeed({ ...input, devices: [makeGpu(12, 1000, 'a'), makeGpu(12, 1000, 'b')], efficiency: one });
		assertClose(split.decodeTps.mid, single.decodeTps.mid, 0.02, 'layer split');
		const tensorParallel = estimateSpeed({
			...input,
			quant: 'bf16',
			runtime: 'vllm',
			devices: [makeGpu(24, 1000, 'a'), makeGpu(24, 1000, 'b')],
			efficiency: one,
		});
		const vllmSingle = estimateSpeed({ ...input, quant: 'bf16', runtime: 'vllm', devices: [makeGpu(48, 1000)], efficiency: one });
		assertClose(tensorParallel.decodeTps.mid, 2 * vllmSingle.decodeTps.mid, 0.02, 'tensor parallel');
	});

	test('is slower with layers on the CPU', () => {
		const gpu = estimateSpeed(input);
		const offloaded = estimateSpeed({ ...input, cpuLayers: 16 });
		assert.ok(offloaded.decodeTps.mid < gpu.decodeTps.mid / 3);
		assert.ok(offloaded.hostBytesPerToken > gpu.hostBytesPerToken);
	});

	test('derives prompt speed from decode speed and times the first token', () => {
		const speed = estimateSpeed({ ...input, promptTokens: 4096 });
		assertClose(speed.promptTps.mid, speed.decodeTps.mid * PROMPT_TO_DECODE_RATIO.mid, 1e-9, 'prompt');
		assertClose(speed.ttftSeconds.mid, 4096 / speed.promptTps.mid + 1 / speed.decodeTps.mid, 1e-9, 'ttft');
		assert.ok(speed.ttftSeconds.low < speed.ttftSeconds.mid && speed.ttftSeconds.mid < speed.ttftSeconds.high);
	});
});
