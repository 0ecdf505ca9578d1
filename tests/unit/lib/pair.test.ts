import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import { derivePairAnswer, REFERENCE_CONTEXT } from '../../../src/lib/pair.ts';

const data = deriveCalculatorData(loadCatalog('content'));
const GIB = 2 ** 30;

describe('derivePairAnswer', () => {
	test('picks the largest published file that fits: Cascade 2 on an RTX 3090 runs Q4_K_M', () => {
		const answer = derivePairAnswer('rtx-3090', 'nemotron-cascade-2-30b-a3b', data);

		assert.equal(answer.verdict, 'yes');
		// BF16 (about 59 GiB) cannot fit in 24 GiB; the 24.5 GB Q4_K_M file (22.8 GiB) does.
		assert.equal(answer.options[0]?.quant, 'bf16');
		assert.equal(answer.options[0]?.fits, false);
		assert.equal(answer.best.quant, 'q4_k_m');
		assert.ok(answer.best.totalBytes < 24 * GIB);
		assert.equal(answer.state.context, REFERENCE_CONTEXT);
		assert.equal(answer.state.quant, 'q4_k_m');
	});

	test('falls back to CPU offload when no file fits, and says how many layers', () => {
		const answer = derivePairAnswer('rtx-4060-ti-16gb', 'gpt-oss-120b', data);

		assert.equal(answer.verdict, 'offload');
		assert.ok(answer.cpuLayers > 0 && answer.cpuLayers < 36, `cpuLayers ${answer.cpuLayers}`);
		assert.equal(answer.state.cpuLayers, answer.cpuLayers);
		assert.ok(answer.offloadTps && answer.offloadTps.mid < answer.best.decodeTps.mid);
	});

	test('uses estimated sizes for a model without published files', () => {
		const answer = derivePairAnswer('h200-sxm', 'mistral-small-3-2-24b', data);

		assert.ok(answer.options.every((option) => option.weightsSource === 'estimated'));
		assert.equal(answer.best.quant, 'q8_0');
		assert.equal(answer.verdict, 'yes');
	});
});
