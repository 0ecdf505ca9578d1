import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';

/** Every page in the built sitemap, as a path. */
function getSitemapPaths(): string[] {
	const xml = readFileSync('dist/sitemap-0.xml', 'utf8');
	return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
}

const paths = getSitemapPaths();

/** "Can this GPU run this model?" pages: one template, hundreds of pages. */
const isPairPage = (path: string) => /^\/gpus\/[^/]+\/[^/]+\/$/.test(path);

/**
 * Every page except the pair pages, plus pair pages chosen so that every GPU and every model
 * appears at least once (the n-th GPU with the n-th model, wrapping). They share one template and
 * differ only in data, so this covers every verdict the template renders. AXE_ALL=1 sweeps them all.
 */
function getSweepPaths(): string[] {
	if (process.env.AXE_ALL) return paths;
	const pairs = paths.filter(isPairPage);
	const gpus = [...new Set(pairs.map((p) => p.split('/')[2]!))];
	const models = [...new Set(pairs.map((p) => p.split('/')[3]!))];
	const count = Math.max(gpus.length, models.length);
	const sample = Array.from({ length: count }, (_, i) => `/gpus/${gpus[i % gpus.length]}/${models[i % models.length]}/`);
	return [...paths.filter((p) => !isPairPage(p)), ...sample.filter((p) => paths.includes(p))];
}
const sweep = getSweepPaths();
/** One page of each type, checked again in the dark theme for colour contrast. */
const PAGE_TYPES = ['/', '/guides/nemotron-cascade-2/', '/calculator/', '/cost/', '/gpus/', '/gpus/rtx-3090/', '/gpus/rtx-3090/nemotron-cascade-2-30b-a3b/', '/models/gemma-3-27b-it/', '/benchmarks/', '/compare/', '/quants/', '/sources/', '/accuracy/'];
/** Pages are swept in this many groups so both workers share the load. */
const GROUPS = 4;

test.describe('accessibility sweep', () => {
	for (let group = 0; group < GROUPS; group += 1) {
		test(`axe finds no violations on sitemap pages, group ${group + 1} of ${GROUPS}`, async ({ page }) => {
			test.setTimeout(10 * 60_000);
			const failures: string[] = [];
			for (const path of sweep.filter((_, index) => index % GROUPS === group)) {
				await page.goto(path);
				const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
				for (const violation of results.violations) {
					failures.push(`${path}: ${violation.id} (${violation.nodes.length}) ${violation.help}`);
				}
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
		const pageFile = (path: string) => join('dist', decodeURIComponent(path), path.endsWith('/') ? 'index.html' : '');
		for (const path of paths) {
			const html = readFileSync(pageFile(path), 'utf8');
			for (const match of html.matchAll(/(?:href|src|content)="(\/[^"#?]*|https:\/\/headroom\.example\.org\/[^"#?]*)[^"]*"/g)) {
				const target = match[1]!.replace('https://headroom.example.org', '');
				const file = join('dist', decodeURIComponent(target));
				const ok = target.endsWith('/') ? existsSync(join(file, 'index.html')) : existsSync(file);
				if (!ok) missing.add(`${path} → ${target}`);
			}
		}
		expect([...missing].slice(0, 20)).toEqual([]);
	});

	test('every page has a strict policy that names each of its inline scripts', () => {
		const problems: string[] = [];
		for (const path of paths) {
			const html = readFileSync(join('dist', decodeURIComponent(path), 'index.html'), 'utf8');
			const policy = html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/)?.[1];
			if (!policy) {
				problems.push(`${path}: no policy`);
				continue;
			}
			const directives = new Map(
				policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]),
			);
			const scriptSources = directives.get('script-src') ?? [];
			if (scriptSources.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'")) {
				problems.push(`${path}: script-src allows ${scriptSources.join(' ')}`);
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
