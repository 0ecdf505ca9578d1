import { test, expect, MISSING_PAGE } from './fixtures.ts';

test.describe('site shell', () => {
	test('home page answers the three questions and links into the site @phone', async ({ page }) => {
		await page.goto('/');

		await expect(page.getByRole('heading', { level: 1 })).toContainText('Will it fit');
		await expect(page.getByRole('heading', { name: 'Will this model fit my GPU?', exact: true })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'How fast will it run?', exact: true })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Is owning cheaper than renting?', exact: true })).toBeVisible();

		// The catalog counts come from the data, so none of them is zero.
		const counts = await page.locator('.catalog-counts li').allTextContents();
		expect(counts).toHaveLength(5);
		for (const text of counts) expect(Number.parseInt(text, 10)).toBeGreaterThan(0);
	});

	test('the theme toggle switches and persists across pages', async ({ page }) => {
		await page.emulateMedia({ colorScheme: 'light' });
		await page.goto('/');
		const toggle = page.getByRole('button', { name: 'Dark theme' });
		await expect(toggle).toHaveAttribute('aria-pressed', 'false');

		await toggle.click();
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

		await page.goto('/sources/');
		await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
		await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
	});

	test('an unknown address shows the 404 page', async ({ page }) => {
		const response = await page.goto(MISSING_PAGE);

		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	});

	test('the keyboard reaches the skip link first and it moves focus to the content', async ({ page }) => {
		await page.goto('/');

		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/#main$/);
	});
});
