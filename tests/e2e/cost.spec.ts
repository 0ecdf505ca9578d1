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
		// Money in a notice carries its currency.
		await expect(notice).toContainText('Purchase price "abc" is not a number, so the default ($500.00) is used.');
	});

	test('an older link with half an hour is rounded to whole hours, with a notice', async ({ page }) => {
		await page.goto('/cost/?v=1&h=10.5');
		await waitForIsland(page);

		const notice = page.getByRole('alert').filter({ hasText: 'were ignored' });
		await expect(notice).toContainText('"10.5" are rounded to 11 hours');
		await expect(page.locator('.cost .verdict')).toContainText('At 11 hours a month');
		await expect(page.getByRole('slider', { name: /Hours of use per month/ })).toHaveValue('11');
	});

	test('a copied link reopens the same figures in a fresh browser', async ({ page, browser }) => {
		await page.goto('/cost/');
		await waitForIsland(page);
		// The reader picks a card, a measured throughput on it and their own electricity price.
		await page.getByLabel('GPU', { exact: true }).selectOption('rtx-4090');
		await expect(page).toHaveURL(/[?&]g=rtx-4090/);
		const measured = 'b:nemotron-cascade-2-rtx-4090-q4_k_m-ollama';
		await page.getByLabel('Throughput from').selectOption(measured);
		await expect(page.getByLabel('Your throughput (tokens per second)')).toHaveValue('196');
		await expect(page.getByText(/^Measured on the RTX 4090: /)).toBeVisible();
		const kwh = page.getByLabel('Electricity (USD per kWh)');
		await kwh.fill('0.3');
		await kwh.blur();
		await expect(page).toHaveURL(/[?&]kwh=0\.3/);
		const verdict = await page.locator('.cost .verdict').textContent();
		const figures = await page.locator('.cost .figures').textContent();

		// Copy link writes the address to the clipboard; read it back the way a reader would paste it.
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.getByRole('button', { name: 'Copy link' }).click();
		await expect(page.getByText('Link copied.')).toBeVisible();
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toContain(`tf=${measured}`);

		const fresh = await browser.newContext();
		const other = await fresh.newPage();
		await other.goto(link);
		await waitForIsland(other);
		await expect(other.locator('.cost .verdict')).toHaveText(verdict ?? '');
		await expect(other.locator('.cost .figures')).toHaveText(figures ?? '');
		await expect(other.getByLabel('Throughput from')).toHaveValue(measured);
		await expect(other.getByLabel('Electricity (USD per kWh)')).toHaveValue('0.3');
		await fresh.close();
	});

	test('Back returns to the state before a slider drag', async ({ page }) => {
		await page.goto('/cost/');
		await waitForIsland(page);
		await page.getByLabel('GPU', { exact: true }).selectOption('rtx-4090');
		await expect(page).toHaveURL(/[?&]g=rtx-4090/);
		const verdict = page.locator('.cost .verdict');
		await expect(verdict).toContainText('At 30 hours a month');

		// One drag with the mouse through many values of the slider.
		const slider = page.getByRole('slider', { name: /Hours of use per month/ });
		await slider.scrollIntoViewIfNeeded();
		const box = await slider.boundingBox();
		if (!box) throw new Error('The hours slider has no box to drag.');
		const y = box.y + box.height / 2;
		await page.mouse.move(box.x + box.width * 0.1, y);
		await page.mouse.down();
		for (let step = 1; step <= 10; step += 1) {
			await page.mouse.move(box.x + box.width * (0.1 + step * 0.05), y);
		}
		await page.mouse.up();
		await expect(verdict).not.toContainText('At 30 hours a month');
		await expect(page).toHaveURL(/[?&]h=\d+/);

		// A single Back undoes the whole drag, and only the drag.
		await page.goBack();
		await expect(verdict).toContainText('At 30 hours a month');
		await expect(page).not.toHaveURL(/[?&]h=/);
		await expect(page.getByLabel('GPU', { exact: true })).toHaveValue('rtx-4090');
	});

	test('the slider is reached with Tab, moved with the arrow keys and announces its value', async ({ page }) => {
		await page.goto('/cost/');
		await waitForIsland(page);
		const slider = page.getByRole('slider', { name: /Hours of use per month/ });

		// Tab through the page until the slider has focus.
		for (let i = 0; i < 80 && !(await slider.evaluate((el) => el === document.activeElement)); i += 1) {
			await page.keyboard.press('Tab');
		}
		await expect(slider).toBeFocused();
		await expect(slider).toHaveAttribute('aria-valuetext', '30 hours a month');

		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		await expect(slider).toHaveAttribute('aria-valuetext', '32 hours a month');
		await expect(page.locator('.cost .verdict')).toContainText('At 32 hours a month');
		await page.keyboard.press('ArrowLeft');
		await expect(slider).toHaveAttribute('aria-valuetext', '31 hours a month');
	});
});
