import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AstroError } from 'astro/errors';
import { catalogCheck } from '../../../src/integrations/catalog-check.ts';

/** Runs the integration's setup hook as `astro build` does, with a logger that keeps its lines. */
function runSetup(): string[] {
	const lines: string[] = [];
	const logger = { info: (line: string) => lines.push(line) };
	const setup = catalogCheck().hooks['astro:config:setup'] as (options: object) => void;
	setup({ command: 'build', logger });
	return lines;
}

describe('catalogCheck', () => {
	const before = process.env.HEADROOM_CONTENT;
	afterEach(() => {
		if (before === undefined) delete process.env.HEADROOM_CONTENT;
		else process.env.HEADROOM_CONTENT = before;
	});

	test('passes the real catalog and guides and logs what it checked', () => {
		delete process.env.HEADROOM_CONTENT;

		const lines = runSetup();

		assert.equal(lines.length, 1);
		assert.match(lines[0]!, /^\d+ records in content\/ and the guides in content\/guides\/ valid \(\d+ ms\)$/);
	});

	test('checks the guides Astro builds against the catalog it is pointed at', () => {
		// The fixture catalog lacks the models the real guides are about; the build would render
		// those guides, so their references fail along with the fixture's own broken one.
		process.env.HEADROOM_CONTENT = 'tests/fixtures/catalog/broken-reference';

		assert.throws(runSetup, (error: Error) => {
			assert.ok(error instanceof AstroError, `expected an AstroError, got ${String(error)}`);
			assert.match(error.message, /^The catalog has \d+ problems\./);
			assert.match(
				error.message,
				/\ncontent\/guides\/nemotron-cascade-2\.mdx:\n {2}guides "nemotron-cascade-2" models\.0: expected the id of a record in "models", received "nemotron-cascade-2-30b-a3b", which does not exist\n/,
			);
			assert.match(
				error.message,
				/ {2}benchmarks "tiny-on-card" gpus\.0: expected the id of a record in "gpus", received "card-99", which does not exist/,
			);
			return true;
		});
	});
});
