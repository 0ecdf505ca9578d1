import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('astro build stops with the catalog message when a reference is dangling', () => {
	const outDir = mkdtempSync(join(tmpdir(), 'headroom-broken-build-'));
	// process.execPath is the Node that runs the tests (24), not the one on PATH.
	const run = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', outDir], {
		env: { ...process.env, HEADROOM_CONTENT: 'tests/fixtures/catalog/broken-reference' },
		encoding: 'utf8',
		timeout: 120_000,
	});
	const output = run.stdout + run.stderr;

	assert.equal(run.status, 1, `expected exit code 1, output was:\n${output}`);
	assert.match(output, /tests\/fixtures\/catalog\/broken-reference\/benchmarks\/tiny\.yaml:/);
	assert.match(
		output,
		/benchmarks "tiny-on-card" gpus\.0: expected the id of a record in "gpus", received "card-99", which does not exist/,
	);
	// Guides always build from content/guides, so their models are checked against the fixture
	// catalog too, which lacks them.
	assert.match(
		output,
		/guides "nemotron-cascade-2" models\.0: expected the id of a record in "models", received "nemotron-cascade-2-30b-a3b", which does not exist/,
	);
});
