import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const config = 'tests/fixtures/hf-configs/llama-3.1-8b-instruct.json';

/** Runs the CLI with Node 24 from the project root, without blocking, so tests can run at once. */
function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['scripts/estimate.ts', ...args], { cwd: root });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('scripts/estimate.ts', { concurrency: true }, () => {
	test('prints one JSON object with the memory figures', async () => {
		const { code, stdout, stderr } = await run('--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--json');
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

	test('adds fit, longest context and decode speed when GPUs are named', async () => {
		const { code, stdout, stderr } = await run('--model', config, '--quant', 'iq4_xs', '--ctx', '8192', '--gpu', 'rtx-3090', '--json');
		assert.equal(code, 0, stderr);
		const output = JSON.parse(stdout);
		assert.equal(output.fits, true);
		assert.equal(typeof output.maxContext, 'number');
		assert.ok(output.decodeTokensPerSecond > 0);
	});

	test('prints a human summary by default', async () => {
		const { code, stdout } = await run('--model', config, '--quant', 'q8_0', '--ctx', '4096', '--kv-type', 'q8_0');
		assert.equal(code, 0);
		assert.match(stdout, /KV cache +0\.27 GiB \(q8_0\)/);
	});

	test('accepts llama.cpp spellings of quant names in any case', async () => {
		const { code, stdout } = await run('--model', config, '--quant', 'MXFP4_MOE', '--ctx', '1024', '--json');
		assert.equal(code, 0);
		assert.equal(JSON.parse(stdout).quant, 'mxfp4');
	});

	test('exits 2 with one line on stderr for bad arguments', async () => {
		const cases = [
			['--quant', 'Q4_K_M', '--ctx', '8192'],
			['--model', config, '--quant', 'Q7_X', '--ctx', 'lots'],
			['--model', 'no-such-model', '--quant', 'Q4_K_M', '--ctx', '8192', '--gpu', 'rtx-3090'],
			['--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--frobnicate'],
		];
		const results = await Promise.all(cases.map((args) => run(...args)));
		for (const [index, args] of cases.entries()) {
			const { code, stdout, stderr } = results[index]!;
			assert.equal(code, 2, args.join(' '));
			assert.equal(stdout, '');
			assert.equal(stderr.trim().split('\n').length, 1, stderr);
		}
	});
});
