import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, MISSING_PAGE } from './fixtures.ts';

/** Every page in the built sitemap, as a path. */
function getSitemapPaths(): string[] {
	const xml = readFileSync('dist/sitemap-0.xml', 'utf8');
	return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
}

const paths = getSitemapPaths();

/** "Can this GPU run this model?" pages: one template, hundreds of pages. */
const isPairPage = (path: string) => /^\/gpus\/[^/]+\/[^/]+\/$/.test(path);

/** The built file behind a path; MISSING_PAGE is answered with dist/404.html. */
function toDistFile(path: string): string {
	if (path === MISSING_PAGE) return join('dist', '404.html');
	return join('dist', decodeURIComponent(path), path.endsWith('/') ? 'index.html' : '');
}

/** Whether an environment switch is on: set, and neither empty, "0" nor "false". */
const isOn = (value: string | undefined) => value !== undefined && !['', '0', 'false'].includes(value);

/** AXE_ALL=1, or CI without AXE_ALL, sweeps every page; otherwise getSweepPaths samples. */
const SWEEP_ALL = process.env['AXE_ALL'] ? isOn(process.env['AXE_ALL']) : isOn(process.env['CI']);

/**
 * Every sitemap page and the 404 page. Unless SWEEP_ALL, pair pages are cut to a sample in which
 * every GPU and every model appears at least once (the n-th GPU with the n-th model, wrapping):
 * they share one template and differ only in data, so the sample covers every verdict it renders.
 */
function getSweepPaths(): string[] {
	if (SWEEP_ALL) return [...paths, MISSING_PAGE];
	const pairs = paths.filter(isPairPage);
	const gpus = [...new Set(pairs.map((p) => p.split('/')[2]!))];
	const models = [...new Set(pairs.map((p) => p.split('/')[3]!))];
	const count = Math.max(gpus.length, models.length);
	const sample = Array.from({ length: count }, (_, i) => `/gpus/${gpus[i % gpus.length]}/${models[i % models.length]}/`);
	return [...paths.filter((p) => !isPairPage(p)), ...sample.filter((p) => paths.includes(p)), MISSING_PAGE];
}
const sweep = getSweepPaths();
/** One page of each type, checked again in the dark theme for colour contrast. */
const PAGE_TYPES = ['/', '/guides/nemotron-cascade-2/', '/calculator/', '/cost/', '/gpus/', '/gpus/rtx-3090/', '/gpus/rtx-3090/nemotron-cascade-2-30b-a3b/', '/models/gemma-3-27b-it/', '/benchmarks/', '/compare/', '/quants/', '/sources/', '/accuracy/'];
/** Pages are swept in this many groups, so both workers share the load and a retry is short. */
const GROUPS = 8;
/** The axe rule sets the sweep runs: WCAG 2.0 and 2.1, A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Whether a built page holds an island that hydrates on load (it can change the DOM under axe). */
const hydratesOnLoad = (path: string) => readFileSync(toDistFile(path), 'utf8').includes(' client="load"');

test.describe('accessibility sweep', () => {
	for (let group = 0; group < GROUPS; group += 1) {
		test(`axe finds no violations on sitemap pages, group ${group + 1} of ${GROUPS}`, async ({ page }) => {
			test.setTimeout(15 * 60_000);
			const failures: string[] = [];
			// One page for the whole group: a new context per sitemap page would cost more than axe.
			for (const path of sweep.filter((_, index) => index % GROUPS === group)) {
				// The theme script, first in every body, waits for the stylesheet, so at
				// DOMContentLoaded the colours axe checks are final; only on-load islands need more.
				const onLoad = hydratesOnLoad(path);
				await page.goto(path, { waitUntil: onLoad ? 'load' : 'domcontentloaded' });
				if (onLoad) await expect(page.locator('astro-island[client="load"][ssr]')).toHaveCount(0);

				// Passes and incomplete checks are not reported, which keeps each result small.
				const results = await new AxeBuilder({ page })
					.options({ resultTypes: ['violations'], iframes: false })
					.withTags(AXE_TAGS)
					.analyze();
				for (const violation of results.violations) {
					failures.push(`${path}: ${violation.id} (${violation.nodes.length}) ${violation.help}`);
				}
				// The next goto cancels what is still loading, and a cancelled request is not
				// reported: waiting for load keeps the failed-request check on this page.
				await page.waitForLoadState('load');
			}
			expect(failures).toEqual([]);
		});
	}

	test('page types pass axe in the dark theme too', async ({ page }) => {
		test.setTimeout(5 * 60_000);
		await page.emulateMedia({ colorScheme: 'dark' });
		const failures: string[] = [];
		for (const path of PAGE_TYPES.filter((p) => paths.includes(p))) {
			await page.goto(path);
			const results = await new AxeBuilder({ page }).analyze();
			for (const violation of results.violations) failures.push(`${path}: ${violation.id} ${violation.help}`);
		}
		expect(failures).toEqual([]);
	});
});

test.describe('built site', () => {
	test('every internal link and asset points at something that exists', () => {
		const missing = new Set<string>();
		for (const path of [...paths, MISSING_PAGE]) {
			const html = readFileSync(toDistFile(path), 'utf8');
			for (const match of html.matchAll(/(?:href|src|content)="(\/[^"#?]*|https:\/\/headroom\.example\.org\/[^"#?]*)[^"]*"/g)) {
				const target = match[1]!.replace('https://headroom.example.org', '');
				const file = join('dist', decodeURIComponent(target));
				const ok = target.endsWith('/') ? existsSync(join(file, 'index.html')) : existsSync(file);
				if (!ok) missing.add(`${path} → ${target}`);
			}
		}
		expect([...missing].slice(0, 20)).toEqual([]);
	});

	test('every page has a strict policy, ahead of every script, that names each inline script', () => {
		const problems: string[] = [];
		for (const path of [...paths, MISSING_PAGE]) {
			const html = readFileSync(toDistFile(path), 'utf8');
			const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html);
			const policy = meta?.[1];
			if (!meta || !policy) {
				problems.push(`${path}: no policy`);
				continue;
			}
			// A meta policy governs only what the parser meets after it: an earlier script runs
			// unchecked.
			const firstScript = html.search(/<script[\s>]/);
			if (firstScript !== -1 && firstScript < meta.index) problems.push(`${path}: a <script> comes before the policy`);

			const directives = new Map(
				policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]),
			);
			const scriptSources = directives.get('script-src') ?? [];
			if (scriptSources.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'")) {
				problems.push(`${path}: script-src allows ${scriptSources.join(' ')}`);
			}
			// Pagefind compiles its index reader from WebAssembly, which CSP allows only with
			// 'wasm-unsafe-eval'. It permits compiling WebAssembly, not eval of JavaScript, and
			// only the search page needs it.
			if (scriptSources.includes("'wasm-unsafe-eval'") && path !== '/search/') {
				problems.push(`${path}: script-src allows 'wasm-unsafe-eval' outside the search page`);
			}
			for (const [name, value] of [['object-src', "'none'"], ['base-uri', "'none'"], ['default-src', "'self'"]]) {
				if (directives.get(name!)?.join(' ') !== value) problems.push(`${path}: ${name} is not ${value}`);
			}
			for (const match of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
				const hash = `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`;
				if (!scriptSources.includes(hash)) problems.push(`${path}: inline script ${match[1]!.slice(0, 40)}… not in the policy`);
			}
		}
		expect(problems.slice(0, 20)).toEqual([]);
	});

	test('pages without islands ship no script files', () => {
		for (const path of ['/', '/sources/', '/quants/', '/models/', '/guides/', '/gpus/rtx-3090/', '/models/phi-4/']) {
			const html = readFileSync(join('dist', path, 'index.html'), 'utf8');
			expect(html, path).not.toMatch(/<script[^>]+src=/);
			expect(html, path).not.toContain('<astro-island');
		}
	});

	test('every page type renders cleanly at 360 px wide @phone', async ({ page }) => {
		test.setTimeout(3 * 60_000);
		await page.setViewportSize({ width: 360, height: 740 });
		for (const path of PAGE_TYPES.filter((p) => paths.includes(p))) {
			await page.goto(path);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
		}
	});
});
