// Runs the Playwright specs against the built site and prints the line CI reads:
// `e2e: N passed, N failed`. Playwright's own summary is not one CI understands.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

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

const run = spawnSync('node_modules/.bin/playwright', ['test', ...process.argv.slice(2)], {
	stdio: 'inherit',
});

let stats: JsonStats | undefined;
try {
	stats = JSON.parse(readFileSync('test-results/e2e.json', 'utf8')).stats as JsonStats;
} catch {
	// No report means Playwright failed before running anything; its own output says why.
}
if (stats) {
	const passed = stats.expected + stats.flaky;
	const skipped = stats.skipped > 0 ? `, ${stats.skipped} skipped` : '';
	console.log(`e2e: ${passed} passed, ${stats.unexpected} failed${skipped}`);
}
process.exit(run.status ?? 1);
