// Runs the Playwright specs against the built site and prints the line CI reads:
// `e2e: N passed, N failed`. Playwright's own summary is not one CI understands.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

/** Where playwright.config.ts has the JSON reporter write. */
const REPORT = 'test-results/e2e.json';

interface JsonStats {
	expected: number;
	unexpected: number;
	flaky: number;
	skipped: number;
}

if (!existsSync('dist/index.html')) {
	console.error('e2e: no built site in dist/; run `npm run build` first.');
	process.exit(1);
}

// A report left by an earlier run would be read as this run's if Playwright fails before
// writing one.
rmSync(REPORT, { force: true });

const run = spawnSync('node_modules/.bin/playwright', ['test', ...process.argv.slice(2)], {
	stdio: 'inherit',
});

let stats: JsonStats | undefined;
try {
	stats = JSON.parse(readFileSync(REPORT, 'utf8')).stats as JsonStats;
} catch {
	// No report means Playwright failed before running anything; its own output says why.
}
if (stats) {
	const passed = stats.expected + stats.flaky;
	const skipped = stats.skipped > 0 ? `, ${stats.skipped} skipped` : '';
	console.log(`e2e: ${passed} passed, ${stats.unexpected} failed${skipped}`);
} else {
	const why = run.error ? `could not start Playwright: ${run.error.message}` : 'Playwright wrote no report';
	console.error(`e2e: ${why}; no tests were counted`);
}
process.exit(run.status ?? 1);
