import { test, expect, waitForIsland } from './fixtures.ts';

/** The first number in a cell such as "16.0 GiB" or "24 GiB". */
function readNumber(text: string | null): number {
	return Number(text?.replace(/,/g, '').match(/[\d.]+/)?.[0]);
}

test.describe('figures in the Nemotron-Cascade 2 guide', () => {
	test('the prose gives the same speed band as the tier table above it', async ({ page }) => {
		await page.goto('/guides/nemotron-cascade-2/');
		// The 24 GB table: IQ4_XS at the guide's context and cache, with an RTX 3090 row.
		const table = page
			.locator('table')
			.filter({ has: page.locator('caption', { hasText: 'IQ4_XS, 16K context, q8_0 cache:' }) })
			.filter({ has: page.getByRole('link', { name: 'RTX 3090', exact: true }) });
		const row = table.locator('tbody tr').filter({ has: page.getByRole('link', { name: 'RTX 3090', exact: true }) });
		const speed = (await row.locator('td').nth(5).textContent())?.trim() ?? '';

		expect(speed).toMatch(/tok\/s$/);
		await expect(page.locator('p .fact.engine').filter({ hasText: speed }).first()).toBeVisible();
	});

	test('a measured run cites its publisher and names its runtime apart', async ({ page }) => {
		await page.goto('/guides/nemotron-cascade-2/');
		const row = page.locator('table tbody tr').filter({ has: page.getByRole('link', { name: 'RTX 3090', exact: true }) }).first();
		const measured = row.locator('td').nth(6);

		await expect(measured).toContainText('llama.cpp');
		await expect(measured.getByRole('link')).toHaveText(/^\[Hugging Face community/);
	});

	test('an Apple row shows the share of memory the GPU may use', async ({ page }) => {
		await page.goto('/guides/nemotron-cascade-2/');
		await expect(page.getByRole('columnheader', { name: 'Usable by the GPU' }).first()).toBeVisible();
		const row = page.locator('table tbody tr').filter({ has: page.getByRole('link', { name: 'Mac mini M4 Pro 24GB', exact: true }) });
		const cells = row.locator('td');

		const memory = readNumber(await cells.nth(0).textContent());
		const usable = readNumber(await cells.nth(1).textContent());
		const need = readNumber(await cells.nth(2).textContent());
		expect(usable).toBeLessThan(memory);
		// The row is short because the need exceeds the usable share, not the whole memory.
		expect(need).toBeGreaterThan(usable);
		expect(need).toBeLessThan(memory);
		await expect(cells.nth(3)).toContainText('short');
	});

	test('with experts in system RAM, IQ4_XS fits every 16 GB card', async ({ page }) => {
		await page.goto('/guides/nemotron-cascade-2/');
		const table = page.locator('table').filter({ has: page.locator('caption', { hasText: 'experts of the first' }) });
		const verdicts = table.locator('tbody tr td:nth-of-type(4)');

		expect(await verdicts.count()).toBeGreaterThanOrEqual(2);
		for (const text of await verdicts.allTextContents()) expect(text.trim()).toMatch(/^fits/);
		await expect(page.locator('p .fact.engine', { hasText: 'experts of the first' }).first()).toBeVisible();
	});

	test('the benchmark chart draws when scrolled to and keeps its data table', async ({ page }) => {
		await page.goto('/guides/nemotron-cascade-2/');
		const region = page.getByRole('region', { name: /Measured and estimated speed of Nemotron-Cascade/ });
		const rows = region.locator('tbody tr');

		// The table is there before any script runs, one row per run, each with its source.
		expect(await rows.count()).toBeGreaterThanOrEqual(2);
		for (const row of await rows.all()) await expect(row.locator('.cite a')).toHaveCount(1);

		// Scrolling to it wakes the island, which draws on the canvas under its text alternative.
		await waitForIsland(region);
		const chart = region.getByRole('img', { name: /measured runs/ });
		await expect(chart).toBeVisible();
		await expect(region.locator('figcaption')).toContainText('measured runs');
		// chart.js sizes the canvas to its holder in CSS pixels; a bare canvas has no inline width.
		await expect.poll(() => chart.evaluate((canvas) => (canvas as HTMLCanvasElement).style.width)).not.toBe('');
	});
});

test.describe('catalog page wording', () => {
	test('the concepts guide shows an engine figure with experts on the CPU', async ({ page }) => {
		await page.goto('/guides/memory-concepts/');
		await expect(page.locator('p .fact.engine', { hasText: 'experts of the first' }).first()).toBeVisible();
	});

	test('a model without scores says so, and its description promises none', async ({ page }) => {
		await page.goto('/models/qwen3-8b/');
		await expect(page.getByRole('heading', { level: 2, name: 'Scores' })).toBeVisible();
		await expect(page.getByText('No published scores in the catalog yet.')).toBeVisible();
		const description = await page.locator('meta[name="description"]').getAttribute('content');
		expect(description).not.toContain('scores');
	});

	test('a model without published files shows estimated sizes per quant', async ({ page }) => {
		await page.goto('/models/deepseek-v3-1/');
		await expect(page.getByRole('columnheader', { name: 'Weights (estimated)' })).toBeVisible();
		await expect(page.getByRole('rowheader', { name: 'Q4_K_M', exact: true })).toBeVisible();
	});

	test('the quants table reads as English and does not call floats quantized', async ({ page }) => {
		await page.goto('/quants/');
		await expect(page.getByText(/per 1 values/)).toHaveCount(0);
		const f16 = page.locator('tr#f16');
		await expect(f16).toContainText('2 bytes per value');
		await expect(f16).toContainText('not quantized');
	});

	test('the search page is not itself in the search index', async ({ page }) => {
		await page.goto('/search/');
		await expect(page.locator('[data-pagefind-body]')).toHaveCount(0);
	});
});
