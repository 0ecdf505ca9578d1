import { test, expect, waitForIsland } from './fixtures.ts';

test.describe('cloud or own hardware', () => {
	test('moving the slider updates every figure at once @phone', async ({ page }) => {
		await page.goto('/cost/');
		await waitForIsland(page);
		const verdict = page.locator('.cost .verdict');
		await expect(verdict).toContainText('At 30 hours a month');
		await expect(verdict).toContainText('renting is cheaper');
		const rentBefore = await page.locator('.cost dt:has-text("Renting per month") + dd').textContent();

		// The slider is labelled and keyboard-operable: each ArrowRight adds an hour.
		const slider = page.getByRole('slider', { name: /Hours of use per month/ });
		await slider.focus();
		for (let i = 0; i < 30; i += 1) await page.keyboard.press('ArrowRight');
		await expect(slider).toHaveAttribute('aria-valuetext', '60 hours a month');
		await expect(verdict).toContainText('At 60 hours a month');
		await expect(verdict).toContainText('owning is cheaper');
		await expect(page.locator('.cost dt:has-text("Renting per month") + dd')).not.toHaveText(rentBefore ?? '');
	});

	test('the chart loads when it scrolls into view and has a text alternative', async ({ page }) => {
		await page.goto('/cost/');
		await waitForIsland(page);
		const chart = page.locator('.lazy-chart canvas');
		await chart.scrollIntoViewIfNeeded();

		await expect(chart).toHaveAttribute('aria-label', /Over 24\smonths, owning costs/);
		// chart.js sizes the canvas once it has drawn.
		await expect.poll(async () => chart.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(100);
		await expect(page.locator('.lazy-chart figcaption')).toContainText('Renting stays cheaper');
	});

	test('a shared link reopens the same scenario, and a bad one says what it ignored', async ({ page }) => {
		await page.goto('/cost/?v=1&g=rtx-4090&pp=1600&h=120&kwh=0.3');
		await waitForIsland(page);
		await expect(page.getByLabel('GPU', { exact: true })).toHaveValue('rtx-4090');
		await expect(page.getByLabel('Purchase price (USD)')).toHaveValue('1600');
		await expect(page.locator('.cost .verdict')).toContainText('At 120 hours a month');

		await page.goto('/cost/?v=1&h=9999&pp=abc&g=<b>x</b>');
		await waitForIsland(page);
		const notice = page.getByRole('alert').filter({ hasText: 'were ignored' });
		await expect(notice.getByRole('listitem')).toHaveCount(3);
		await expect(page.locator('main b')).toHaveCount(0);
		await expect(page.locator('.cost .verdict')).toContainText('At 30 hours a month');
	});
});
