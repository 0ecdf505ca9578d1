import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const config = 'tests/fixtures/hf-configs/llama-3.1-8b-instruct.json';

/** Runs the CLI with Node 24 from the project root. */
function run(...args: string[]) {
	const result = spawnSync(process.execPath, ['scripts/estimate.ts', ...args], { cwd: root, encoding: 'utf8' });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/estimate.ts', () => {
	test('prints one JSON object with the memory figures', () => {
		const { code, stdout, stderr } = run('--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--json');
		assert.equal(code, 0, stderr);
		const output = JSON.parse(stdout);
		for (const key of [
			'weightsBytes',
			'kvCacheBytes',
			'recurrentStateBytes',
			'computeBufferBytes',
			'overheadBytes',
			'totalBytes',
		]) {
			assert.equal(typeof output[key], 'number', key);
		}
		assert.equal(output.kvCacheBytes, 2 ** 30);
		assert.equal(output.quant, 'q4_k_m');
	});

	test('adds fit, longest context and decode speed when GPUs are named', () => {
		const { code, stdout, stderr } = run('--model', config, '--quant', 'iq4_xs', '--ctx', '8192', '--gpu', 'rtx-3090', '--json');
		assert.equal(code, 0, stderr);
		const output = JSON.parse(stdout);
		assert.equal(output.fits, true);
		assert.equal(typeof output.maxContext, 'number');
		assert.ok(output.decodeTokensPerSecond > 0);
	});

	test('prints a human summary by default', () => {
		const { code, stdout } = run('--model', config, '--quant', 'q8_0', '--ctx', '4096', '--kv-type', 'q8_0');
		assert.equal(code, 0);
		assert.match(stdout, /KV cache +0\.27 GiB \(q8_0\)/);
	});

	test('accepts llama.cpp spellings of quant names in any case', () => {
		assert.equal(run('--model', config, '--quant', 'MXFP4_MOE', '--ctx', '1024', '--json').code, 0);
		assert.equal(run('--model', config, '--quant', 'bf16', '--ctx', '1024', '--json').code, 0);
	});

	test('exits 2 with one line on stderr for bad arguments', () => {
		const cases = [
			['--quant', 'Q4_K_M', '--ctx', '8192'],
			['--model', config, '--quant', 'Q7_X', '--ctx', '8192'],
			['--model', config, '--quant', 'Q4_K_M', '--ctx', 'lots'],
			['--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--kv-type', 'q3_0'],
			['--model', 'no-such-model', '--quant', 'Q4_K_M', '--ctx', '8192'],
			['--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--gpu', 'no-such-gpu'],
			['--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--frobnicate'],
		];
		for (const args of cases) {
			const { code, stdout, stderr } = run(...args);
			assert.equal(code, 2, args.join(' '));
			assert.equal(stdout, '');
			assert.equal(stderr.trim().split('\n').length, 1, stderr);
		}
	});
});
