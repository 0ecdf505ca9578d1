import { test, expect, readRecord, waitForIsland } from './fixtures.ts';

test.describe("a reader's path through a guide", () => {
	test('guide → embedded calculator → permalink → cost page @phone', async ({ page }) => {
		// The reader opens the guides list and the Nemotron-Cascade 2 guide.
		await page.goto('/guides/');
		await page.getByRole('link', { name: /Nemotron-Cascade 2/ }).first().click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Nemotron-Cascade 2');
		await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible();

		// The embedded calculator wakes up when scrolled to; the reader picks their own card.
		const embed = page.locator('.calculator-embed').first();
		await waitForIsland(embed);
		await embed.getByLabel('GPU', { exact: true }).selectOption('rtx-4090');
		await expect(embed.locator('.verdict')).toContainText('on RTX 4090');
		const answer = await embed.locator('.verdict').textContent();

		// "Open this in the calculator" carries the configuration as a permalink.
		await embed.getByRole('link', { name: 'Open this in the calculator' }).click();
		await expect(page).toHaveURL(/\/calculator\/\?.*g=rtx-4090/);
		await waitForIsland(page);
		await expect(page.locator('.calculator .verdict').first()).toHaveText(answer ?? '');

		// From there the cost question, with the card and its estimated speed carried over.
		await page.getByRole('link', { name: 'Is owning this card cheaper than renting?' }).click();
		await expect(page).toHaveURL(/\/cost\/\?.*g=rtx-4090/);
		await waitForIsland(page);
		await expect(page.getByLabel('GPU', { exact: true })).toHaveValue('rtx-4090');
		await expect(page.getByLabel('Board power under load (W)')).toHaveValue('450');
	});

	test("the article's figures stand beside the engine's, with the ratio", async ({ page }) => {
		await page.goto('/guides/nemotron-cascade-2/');
		const table = page.locator('table').filter({ hasText: "Source's figure" });

		await expect(table).toBeVisible();
		await expect(table.getByRole('row')).toHaveCount(5);
		await expect(table.locator('.claim').first()).toContainText('~1.5 GB');
		await expect(table.getByRole('row').nth(1)).toContainText('×');
	});

	test('guide pages ship no script beyond their islands', async ({ page }) => {
		await page.goto('/guides/memory-concepts/');
		const scripts = await page.locator('script[src]').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
		const islands = await page.locator('astro-island').count();

		expect(islands).toBeGreaterThan(0);
		// Astro's island loader is inline; any external script must belong to an island.
		expect(scripts.filter((src) => src && !src.includes('/_astro/'))).toEqual([]);
	});
});

test.describe('a guide without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('its calculator and cost embeds show their pre-rendered answers', async ({ page }) => {
		// The embeds the Nemotron-Cascade 2 guide places: IQ4_XS at 16K on one RTX 3090, and the
		// article's own cost example.
		const model = readRecord('models', 'nemotron-cascade-2-30b-a3b');
		const quant = readRecord('quants', 'iq4_xs');
		const gpu = readRecord('gpus', 'rtx-3090');
		await page.goto('/guides/nemotron-cascade-2/');

		const calculator = page.getByRole('region', { name: 'VRAM calculator' });
		const verdict = calculator.getByRole('status').filter({ hasText: ' at ' });
		await expect(verdict).toBeVisible();
		await expect(verdict).toContainText(`${String(model.name)} at ${String(quant.name)}, 16K context on ${String(gpu.shortName)}`);
		await expect(verdict).toContainText(/Fits, with [\d.]+ GiB to spare/);
		await expect(calculator.getByRole('link', { name: 'Open this in the calculator' })).toHaveAttribute('href', /^\/calculator\/\?v=1/);

		const cost = page.getByRole('region', { name: 'Cost comparison' }).locator('.verdict');
		await expect(cost).toBeVisible();
		await expect(cost).toContainText(/At [\d,.]+ hours a month, /);
		await expect(cost).toContainText(/is cheaper by [^ ]+ a month|both cost the same/);
	});
});
