import { test, expect, waitForIsland } from './fixtures.ts';

test.describe('catalog pages', () => {
	test('the GPU table sorts and filters @phone', async ({ page }) => {
		await page.goto('/gpus/');
		await waitForIsland(page);
		const rows = page.locator('table tbody tr');
		const total = await rows.count();
		expect(total).toBeGreaterThanOrEqual(30);

		await page.getByLabel('Vendor').selectOption('AMD');
		await expect(page.getByRole('status')).toContainText(`of ${total} shown`);
		for (const text of await rows.allTextContents()) expect(text).toMatch(/^(RX |MI300|Ryzen AI)/);

		await page.getByLabel('Vendor').selectOption('');
		await page.getByRole('button', { name: /Bandwidth/ }).click();
		const header = page.getByRole('columnheader', { name: /Bandwidth/ });
		await expect(header).toHaveAttribute('aria-sort', 'descending');
		const first = Number((await rows.first().locator('td').nth(2).textContent())?.replace(/,/g, ''));
		const second = Number((await rows.nth(1).locator('td').nth(2).textContent())?.replace(/,/g, ''));
		expect(first).toBeGreaterThanOrEqual(second);
	});

	test('a "can it run" page states its answer and links to the same setup in the calculator', async ({ page }) => {
		await page.goto('/gpus/rtx-3090/nemotron-cascade-2-30b-a3b/');
		const answer = page.locator('.answer');
		await expect(answer).toContainText(/^Yes\./);
		const description = await page.locator('meta[property="og:description"]').getAttribute('content');
		expect(description).toBe((await answer.textContent())?.trim());

		await page.getByRole('link', { name: 'Open this exact setup in the calculator' }).click();
		await waitForIsland(page);
		await expect(page.locator('.calculator .verdict').first()).toContainText('on RTX 3090');
		await expect(page.getByLabel('Quantization')).toHaveValue('q4_k_m');
	});

	test('compare keeps the selection in the address', async ({ page }) => {
		await page.goto('/compare/?gpus=rtx-3090,a40');
		await waitForIsland(page);
		await expect(page.getByRole('columnheader', { name: /A40/ })).toBeVisible();

		await page.getByLabel('Add').selectOption('h100-sxm');
		await expect(page).toHaveURL(/gpus=rtx-3090,a40,h100-sxm/);
		await page.getByRole('button', { name: 'Remove RTX 3090' }).click();
		await expect(page).toHaveURL(/gpus=a40,h100-sxm$/);
	});

	test('search finds GPUs, models and guides', async ({ page }) => {
		await page.goto('/search/');
		const box = page.getByRole('textbox', { name: 'Search' });
		await box.fill('RTX 3090');
		await expect(page.locator('.pagefind-ui__result-link').first()).toBeVisible();
		await box.fill('Nemotron Cascade guide');
		await expect(page.locator('.pagefind-ui__result-link', { hasText: /Nemotron-Cascade 2/ }).first()).toBeVisible();
		await box.fill('Gemma 3 27B');
		await expect(page.locator('.pagefind-ui__result-link', { hasText: /Gemma 3 27B/ }).first()).toBeVisible();
	});
});
