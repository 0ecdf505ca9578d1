import { test as base, expect, type Locator, type Page } from '@playwright/test';

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
			page.on('console', (message) => {
				if (message.type() !== 'error') return;
				if (message.location().url.endsWith(MISSING_PAGE)) return;
				errors.push(`console: ${message.text()}`);
			});
			page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
			page.on('requestfailed', (request) => {
				const reason = request.failure()?.errorText ?? '';
				// A navigation cancels the loads of the page it leaves; that is not a failure.
				if (reason === 'net::ERR_ABORTED') return;
				errors.push(`request failed: ${request.url()} (${reason})`);
			});
			page.on('response', (response) => {
				if (response.status() >= 400 && !response.url().endsWith(MISSING_PAGE)) {
					errors.push(`HTTP ${response.status()}: ${response.url()}`);
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

export { expect };
