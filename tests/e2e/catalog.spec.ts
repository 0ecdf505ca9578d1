import { DEFAULT_COMPARE_SELECTION } from '../../src/lib/compare.ts';
import { formatBand, formatFixed, formatTps } from '../../src/lib/format.ts';
import { test, expect, readRecord, readRecords, waitForIsland } from './fixtures.ts';

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
		// Q4_K_M fits with under 1 GiB to spare, so the page recommends IQ4_XS.
		await expect(page.getByLabel('Quantization')).toHaveValue('iq4_xs');
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

test.describe('catalog pages without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the GPU table lists every GPU of the catalog', async ({ page }) => {
		const gpus = readRecords('gpus');
		const rtx3090 = readRecord('gpus', 'rtx-3090');
		await page.goto('/gpus/');

		const rows = page.getByRole('table', { name: 'GPUs, sortable by each column' }).locator('tbody tr');
		await expect(rows).toHaveCount(gpus.length);
		await expect(page.getByRole('status')).toHaveText(`${gpus.length} of ${gpus.length} shown`);
		const row = rows.filter({ has: page.getByRole('link', { name: String(rtx3090.shortName), exact: true }) });
		await expect(row.getByRole('cell').nth(2)).toHaveText(formatFixed(Number(rtx3090.bandwidthGBps)));
	});

	test('the benchmarks table shows every measured run of the catalog', async ({ page }) => {
		const runs = readRecords('benchmarks');
		await page.goto('/benchmarks/');

		const rows = page.getByRole('table', { name: /^Measured runs/ }).locator('tbody tr');
		await expect(rows).toHaveCount(runs.length);
		const measured = runs.map(({ decodeTps, decodeTpsHigh }) =>
			decodeTpsHigh === undefined
				? formatTps(Number(decodeTps))
				: formatBand(Number(decodeTps), Number(decodeTpsHigh), formatTps),
		);
		const shown = await rows.locator('strong').allTextContents();
		expect([...shown].sort()).toEqual([...measured].sort());
	});

	test('compare shows its default comparison', async ({ page }) => {
		const gpus = DEFAULT_COMPARE_SELECTION.ids.map((id) => readRecord('gpus', id));
		await page.goto('/compare/');

		await expect(page.getByRole('radio', { name: 'GPUs' })).toBeChecked();
		const table = page.locator('.compare table');
		await expect(table.getByRole('columnheader').getByRole('link')).toHaveText(gpus.map((gpu) => String(gpu.shortName)));
		const memory = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Memory', exact: true }) });
		await expect(memory.getByRole('cell')).toHaveText(
			gpus.map((gpu) => `${formatFixed(Number(gpu.memoryGiB))} GiB ${String(gpu.memoryType)}`),
		);
	});
});
