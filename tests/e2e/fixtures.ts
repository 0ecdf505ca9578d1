import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { getContentDir } from '../../src/lib/catalog/content-dir.ts';

/** The address the 404 journey asks for on purpose; its own 404 is not an error. */
export const MISSING_PAGE = '/no-such-page/';

/**
 * Every spec fails on a console error, an uncaught exception or a failed request, so a page
 * that renders but logs an error still fails its journey.
 */
export const test = base.extend<{ pageErrors: string[] }>({
	pageErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			// Each message names the page it came from: the axe sweep visits hundreds in one test.
			const on = () => page.url().replace(/^https?:\/\/[^/]+/, '');
			page.on('console', (message) => {
				if (message.type() !== 'error') return;
				if (message.location().url.endsWith(MISSING_PAGE)) return;
				errors.push(`${on()}: console: ${message.text()}`);
			});
			page.on('pageerror', (error) => errors.push(`${on()}: exception: ${error.message}`));
			page.on('requestfailed', (request) => {
				const reason = request.failure()?.errorText ?? '';
				// A navigation cancels the loads of the page it leaves; that is not a failure.
				if (reason === 'net::ERR_ABORTED') return;
				errors.push(`${on()}: request failed: ${request.url()} (${reason})`);
			});
			page.on('response', (response) => {
				if (response.status() >= 400 && !response.url().endsWith(MISSING_PAGE)) {
					errors.push(`${on()}: HTTP ${response.status()}: ${response.url()}`);
				}
			});
			await use(errors);
			expect(errors, 'the page logged errors or failed requests').toEqual([]);
		},
		{ auto: true },
	],
});

/**
 * Waits until the island inside `scope` has hydrated: Astro removes `ssr` from an island once
 * its component runs. Interacting before that would be undone by hydration.
 */
export async function waitForIsland(scope: Page | Locator): Promise<void> {
	const island = scope.locator('astro-island').first();
	await island.scrollIntoViewIfNeeded();
	await expect(island).not.toHaveAttribute('ssr', /.*/);
}

/**
 * Every record of one catalog folder as written in its YAML (a file holds one record or a list),
 * so a spec can check a page against the data it was built from rather than a copied figure.
 */
export function readRecords(folder: string): Record<string, unknown>[] {
	const dir = join(getContentDir(), folder);
	return readdirSync(dir)
		.filter((name) => name.endsWith('.yaml'))
		.sort()
		.flatMap((name) => {
			const data: unknown = parse(readFileSync(join(dir, name), 'utf8'));
			return (Array.isArray(data) ? data : [data]) as Record<string, unknown>[];
		});
}

/** The record with this id in a catalog folder; throws when there is none. */
export function readRecord(folder: string, id: string): Record<string, unknown> {
	const record = readRecords(folder).find((entry) => entry.id === id);
	if (!record) throw new Error(`no record "${id}" in ${join(getContentDir(), folder)}`);
	return record;
}

export { expect };
