import { test, expect, MISSING_PAGE } from './fixtures.ts';

/** Least contrast WCAG 2.1 (1.4.11) asks of a focus indicator against what surrounds it. */
const MIN_FOCUS_CONTRAST = 3;

/** Relative luminance of a computed CSS colour such as "rgb(194, 65, 12)" (WCAG 2.1). */
function toLuminance(color: string): number {
	const channels = color.match(/[\d.]+/g)?.slice(0, 3).map(Number);
	if (channels?.length !== 3) throw new Error(`not an rgb() colour: ${color}`);
	const [r, g, b] = channels.map((value) => {
		const c = value / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	}) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two computed CSS colours, from 1 to 21. */
function getContrast(a: string, b: string): number {
	const [light, dark] = [toLuminance(a), toLuminance(b)].sort((x, y) => y - x) as [number, number];
	return (light + 0.05) / (dark + 0.05);
}

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

	for (const theme of ['light', 'dark'] as const) {
		test(`tabbing through the header shows a visible focus ring on each link, ${theme} theme`, async ({ page }) => {
			await page.emulateMedia({ colorScheme: theme });
			await page.goto('/');
			const header = page.getByRole('banner');
			const background = await header.evaluate((el) => getComputedStyle(el).backgroundColor);
			const nav = header.getByRole('navigation', { name: 'Main' });
			const names = (await nav.getByRole('link').allTextContents()).map((name) => name.trim());
			expect(names.length).toBeGreaterThan(5);

			// Skip link, brand, then every navigation link in the order it is shown, then the toggle.
			await page.keyboard.press('Tab');
			await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
			await page.keyboard.press('Tab');
			await expect(header.getByRole('link', { name: 'Headroom', exact: true })).toBeFocused();
			const stops = [
				...names.map((name) => nav.getByRole('link', { name, exact: true })),
				header.getByRole('button', { name: 'Dark theme' }),
			];
			for (const stop of stops) {
				await page.keyboard.press('Tab');
				await expect(stop).toBeFocused();
				const ring = await stop.evaluate((el) => {
					const style = getComputedStyle(el);
					return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth), color: style.outlineColor };
				});
				const label = `${await stop.textContent()} (${theme})`;
				expect(ring.style, label).not.toBe('none');
				expect(ring.width, label).toBeGreaterThanOrEqual(2);
				expect(getContrast(ring.color, background), label).toBeGreaterThanOrEqual(MIN_FOCUS_CONTRAST);
			}
		});
	}
});
