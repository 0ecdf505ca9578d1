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

	test('loads the catalog for GPUs given with = after a config.json path', async () => {
		const { code, stdout, stderr } = await run('--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--gpu=rtx-4090', '--json');

		assert.equal(code, 0, stderr);
		assert.equal(JSON.parse(stdout).fits, true);
	});

	test('reports the whole footprint without a GPU: totalBytes is hostBytes', async () => {
		const { code, stdout } = await run('--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--json');
		const output = JSON.parse(stdout);

		assert.equal(code, 0);
		assert.equal(output.gpuBytes, 0);
		assert.equal(output.totalBytes, output.hostBytes);
		assert.ok(output.totalBytes > output.weightsBytes + output.kvCacheBytes, String(output.totalBytes));
		assert.ok(output.computeBufferBytes > 0);
		assert.equal('fits' in output, false);
	});

	test('adds the host side to the GPUs in totalBytes', async () => {
		const { stdout } = await run('--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--gpu', 'rtx-4090', '--json');
		const output = JSON.parse(stdout);

		assert.ok(output.gpuBytes > 0 && output.hostBytes > 0);
		// Each figure is rounded on its own, so the sum may differ by a byte.
		assert.ok(Math.abs(output.totalBytes - output.gpuBytes - output.hostBytes) <= 1);
	});

	test('gives no speed for a setup that does not fit, and the offload that does', async () => {
		const args = ['--model', 'qwen3-next-80b-a3b', '--quant', 'Q4_K_M', '--ctx', '8192', '--gpu', 'rtx-3060-12gb'];
		const [json, human] = await Promise.all([run(...args, '--json'), run(...args)]);
		const output = JSON.parse(json.stdout);

		assert.equal(output.fits, false);
		assert.equal(output.decodeTokensPerSecond, null);
		assert.equal(output.decodeTokensPerSecondBand, null);
		assert.match(output.decodeTokensPerSecondReason, /does not fit/);
		assert.ok(output.offload.cpuLayers > 0 && output.offload.cpuLayers < 48);
		assert.ok(output.offload.decodeTokensPerSecond > 0);
		assert.match(human.stdout, /decode: not estimated/);
		assert.match(human.stdout, new RegExp(`with ${output.offload.cpuLayers} of 48 layers on the CPU it fits`));
		assert.doesNotMatch(human.stdout, /decode: about/);
	});

	test('prints the help, with the JSON fields, and exits 0', async () => {
		const { code, stdout } = await run('--help');

		assert.equal(code, 0);
		assert.match(stdout, /totalBytes +the whole footprint: gpuBytes \+ hostBytes/);
	});

	test('names the problem with each out-of-range or malformed value', async () => {
		const cases: [string[], RegExp][] = [
			[['--model', 'tests/fixtures/hf-configs'], /"tests\/fixtures\/hf-configs" is a directory/],
			[['--model', config, '--parallel', '99999999999'], /--parallel expects a whole number from 1 to 256/],
			[['--model', config, '--ctx', '99999999999999999999999'], /--ctx expects a whole number from 1 to 2147483647/],
			[['--model', config, '--gpu', ','], /--gpu expects catalog GPU ids separated by commas, received ","/],
			[['--model', config, '--gpu='], /--gpu expects catalog GPU ids/],
		];
		const results = await Promise.all(
			cases.map(([args]) => run('--quant', 'Q4_K_M', '--ctx', '8192', ...args)),
		);
		for (const [index, [args, message]] of cases.entries()) {
			const { code, stdout, stderr } = results[index]!;
			assert.equal(code, 2, args.join(' '));
			assert.equal(stdout, '');
			assert.equal(stderr.trim().split('\n').length, 1, stderr);
			assert.match(stderr, message);
		}
	});

	test('accepts 256 sequences, llama.cpp\'s limit, with a cache for each', async () => {
		const { code, stdout } = await run('--model', config, '--quant', 'Q4_K_M', '--ctx', '8192', '--parallel', '256', '--json');

		assert.equal(code, 0);
		// 256 sequences of one 256-cell block each: 65536 cells x 128 KiB.
		assert.equal(JSON.parse(stdout).kvCacheBytes, 65536 * 128 * 1024);
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
