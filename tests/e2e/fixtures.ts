import { test as base, expect } from '@playwright/test';

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
			page.on('requestfailed', (request) =>
				errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
			);
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

export { expect };
