import { test, expect, waitForIsland } from './fixtures.ts';

/** The calculator's one-line answer, which screen readers hear politely. */
const verdictOf = (page: import('@playwright/test').Page) => page.locator('.calculator .verdict').first();

test.describe('VRAM calculator', () => {
	test('changing the card and context changes the answer and the address @phone', async ({ page }) => {
		// The reader opens the calculator and sees the default answer for a used RTX 3090.
		await page.goto('/calculator/');
		await waitForIsland(page);
		await expect(verdictOf(page)).toContainText('on RTX 3090');
		await expect(verdictOf(page)).toContainText('Fits, with');

		// They switch to a 16 GB card: the same quant no longer fits entirely.
		await page.getByLabel('GPU', { exact: true }).selectOption('rtx-4060-ti-16gb');
		await expect(verdictOf(page)).toContainText('on RTX 4060 Ti 16GB');
		await expect(verdictOf(page)).toContainText('Needs');
		await expect(page).toHaveURL(/[?&]g=rtx-4060-ti-16gb/);

		// They lengthen the context; the table header follows.
		await page.getByLabel('Context (tokens)').fill('32768');
		await page.getByLabel('Context (tokens)').press('Enter');
		await expect(page).toHaveURL(/[?&]c=32768/);
		await expect(page.getByRole('columnheader', { name: 'Total at 32K' })).toBeVisible();
	});

	test('a copied link reopens exactly the same answer in a fresh browser', async ({ page, browser }) => {
		await page.goto('/calculator/');
		await waitForIsland(page);
		await page.getByLabel('Model', { exact: true }).selectOption('gemma-3-27b-it');
		await page.getByLabel('Quantization').selectOption('q8_0');
		await page.getByLabel('K cache type').selectOption('q8_0');
		await page.getByLabel('GPU', { exact: true }).selectOption('rtx-5090');
		const answer = await verdictOf(page).textContent();
		const figures = await page.locator('.calculator .figures').first().textContent();

		// Copy link writes the permalink to the clipboard; read it back the way a reader would paste it.
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.getByRole('button', { name: 'Copy link' }).click();
		await expect(page.getByText('Link copied.')).toBeVisible();
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toContain('m=gemma-3-27b-it');

		const fresh = await browser.newContext();
		const other = await fresh.newPage();
		await other.goto(link);
		await waitForIsland(other);
		await expect(verdictOf(other)).toHaveText(answer ?? '');
		await expect(other.locator('.calculator .figures').first()).toHaveText(figures ?? '');
		await expect(other.getByLabel('K cache type')).toHaveValue('q8_0');
		await fresh.close();
	});

	test('Back and Forward walk through earlier configurations', async ({ page }) => {
		await page.goto('/calculator/');
		await waitForIsland(page);
		// Each change is in the address (its own history entry) before the next one is made.
		await page.getByLabel('GPU', { exact: true }).selectOption('rtx-4090');
		await expect(verdictOf(page)).toContainText('on RTX 4090');
		await expect(page).toHaveURL(/g=rtx-4090/);
		await page.getByLabel('GPU', { exact: true }).selectOption('rtx-5090');
		await expect(verdictOf(page)).toContainText('on RTX 5090');
		await expect(page).toHaveURL(/g=rtx-5090/);

		await page.goBack();
		await expect(verdictOf(page)).toContainText('on RTX 4090');
		await expect(page.getByLabel('GPU', { exact: true })).toHaveValue('rtx-4090');
		await page.goBack();
		await expect(verdictOf(page)).toContainText('on RTX 3090');
		await page.goForward();
		await expect(verdictOf(page)).toContainText('on RTX 4090');
	});

	test('a hostile link shows a notice of what was ignored and runs nothing', async ({ page }) => {
		let dialogs = 0;
		page.on('dialog', async (dialog) => {
			dialogs += 1;
			await dialog.dismiss();
		});
		const hostile =
			'/calculator/?v=99&m=<img src=x onerror=alert(1)>&c=-5&k=zz&g=rtx-3090*999,nope&cm=<script>alert(1)</script>&zz=1';
		await page.goto(hostile);
		await waitForIsland(page);

		const notice = page.getByRole('alert').filter({ hasText: 'were ignored' });
		await expect(notice).toBeVisible();
		await expect(notice.getByRole('listitem')).not.toHaveCount(0);
		// The notice quotes values as text; no element from the link reaches the page.
		await expect(page.locator('main img')).toHaveCount(0);
		const scripts = await page.locator('script').allTextContents();
		expect(scripts.filter((text) => text.includes('alert(1)'))).toEqual([]);
		await expect(notice).toContainText('Model "<img src=x onerror=alert(1)>" is not in the catalog');
		// Safe values were used: the default model on the default card.
		await expect(verdictOf(page)).toContainText('Nemotron-Cascade-2-30B-A3B');
		await expect(verdictOf(page)).toContainText('on RTX 3090');
		expect(dialogs).toBe(0);
	});

	test('works with the keyboard alone', async ({ page }) => {
		await page.goto('/calculator/');
		await waitForIsland(page);
		const gpu = page.getByLabel('GPU', { exact: true });
		const isFocused = (target: import('@playwright/test').Locator) =>
			target.evaluate((el) => el === document.activeElement);

		// Tab through the form until the GPU select has focus; the focus is drawn, not only there.
		for (let i = 0; i < 40 && !(await isFocused(gpu)); i += 1) {
			await page.keyboard.press('Tab');
		}
		await expect(gpu).toBeFocused();
		expect(await gpu.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
		await page.keyboard.press('ArrowDown');
		await expect(gpu).not.toHaveValue('rtx-3090');
		const chosen = await gpu.locator('option:checked').textContent();
		await expect(verdictOf(page)).toContainText(`on ${chosen}:`);

		// Tab on into the results until the Q2_K button in "Which quant fits best?" has focus.
		const q2k = page.getByRole('button', { name: 'Q2_K', exact: true });
		for (let i = 0; i < 150 && !(await isFocused(q2k)); i += 1) {
			await page.keyboard.press('Tab');
		}
		await expect(q2k).toBeFocused();
		await page.keyboard.press('Enter');
		const quant = page.getByLabel('Quantization');
		await expect(quant).toHaveValue('q2_k');

		// Shift+Tab walks back up to the quant select, which shows the pick.
		for (let i = 0; i < 150 && !(await isFocused(quant)); i += 1) {
			await page.keyboard.press('Shift+Tab');
		}
		await expect(quant).toBeFocused();
		await expect(quant).toHaveValue('q2_k');
	});

	test('a card that fits only with offload shows and links the offloaded speed', async ({ page }) => {
		// The default model on a 12 GB card: it runs only with layers on the CPU.
		await page.goto('/calculator/?v=1&g=rtx-3060-12gb');
		await waitForIsland(page);
		const verdict = verdictOf(page);
		await expect(verdict).toContainText('on RTX 3060 12GB');
		await expect(verdict).toContainText('layers on the CPU, at about');

		// The speed figure is the verdict's, the speed of the setup that runs.
		const speed = (await verdict.textContent())?.match(/at about ([^ ]+ tok\/s)/)?.[1] ?? '';
		expect(speed).not.toBe('');
		const figure = page
			.locator('.calculator .figures > div')
			.filter({ hasText: 'Generation speed' })
			.locator('dd');
		await expect(figure).toContainText(speed);
		await expect(figure).toContainText('layers on the CPU');

		// The cost page gets that GPU and a speed inside that band.
		const link = page.getByRole('link', { name: 'Is owning this card cheaper than renting?' });
		const href = (await link.getAttribute('href')) ?? '';
		expect(href).toMatch(/^\/cost\/\?v=1&g=rtx-3060-12gb&tps=[\d.]+$/);
		const tps = Number(new URLSearchParams(href.split('?')[1]).get('tps'));
		const ends = (speed.match(/[\d.,]+/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
		const [low = NaN, high = low] = ends;
		expect(tps).toBeGreaterThanOrEqual(low);
		expect(tps).toBeLessThanOrEqual(high);
	});

	test('an out-of-range number gets a message tied to its field', async ({ page }) => {
		await page.goto('/calculator/');
		await waitForIsland(page);
		const context = page.getByLabel('Context (tokens)');

		// The reader types a context below the smallest one a link can carry.
		await context.fill('100');
		await context.press('Enter');
		const message = 'Enter a number from 256 to 2,097,152 tokens.';
		const alert = page.getByRole('alert').filter({ hasText: message });
		await expect(alert).toHaveText(message);
		await expect(context).toHaveAttribute('aria-invalid', 'true');
		await expect(context).toHaveAccessibleDescription(message);
		await expect(context).toHaveValue('100');
		await expect(verdictOf(page)).toContainText('8K context');
		await expect(page).not.toHaveURL(/[?&]c=/);

		// A context inside the limits is taken, and the message goes.
		await context.fill('16384');
		await context.press('Enter');
		await expect(page).toHaveURL(/[?&]c=16384/);
		await expect(alert).toHaveCount(0);
		await expect(context).not.toHaveAttribute('aria-invalid', 'true');
	});

	test('two different cards, a card of your own, and extras all count', async ({ page }) => {
		await page.goto('/calculator/?v=1&m=llama-3-3-70b-instruct&q=q4_k_m');
		await waitForIsland(page);
		await expect(verdictOf(page)).toContainText('Needs');

		// A second card of another model joins the first; the link lists both.
		await page.getByLabel('Add a different GPU').selectOption('rtx-4090');
		await expect(verdictOf(page)).toContainText('on 2 GPUs');
		await expect(verdictOf(page)).toContainText('Fits, with');
		await expect(page).toHaveURL(/g=rtx-3090,rtx-4090/);
		// The second row cannot pick the first card too: its select offers only what the state holds.
		const second = page.getByLabel('GPU 2', { exact: true });
		await expect(second.locator('option[value="rtx-3090"]')).toBeDisabled();
		await expect(second).toHaveValue('rtx-4090');

		// A card of the reader's own: its memory is what the verdict is measured against.
		await page.getByRole('button', { name: 'Remove RTX 4090' }).click();
		await page.getByText('Use your own GPU').click();
		await page.getByLabel('Name').fill('Lab card');
		await page.getByLabel('Name').blur();
		await page.getByLabel('Memory (GiB)').fill('96');
		await page.getByLabel('Memory (GiB)').blur();
		await expect(page).toHaveURL(/cg=/);
		await expect(verdictOf(page)).toContainText('Fits, with');

		// A vision projector adds to the total the bar shows.
		const before = await page.locator('.memory-bar figcaption p').textContent();
		await page.getByLabel('Vision projector (MiB, 0 = none)').fill('900');
		await page.getByLabel('Vision projector (MiB, 0 = none)').blur();
		await expect(page.locator('.memory-bar figcaption p')).not.toHaveText(before ?? '');
		await expect(page.locator('.memory-bar .legend')).toContainText('Projector and draft model');
	});

	test('a pasted config.json becomes a custom model that the link keeps', async ({ page }) => {
		await page.goto('/calculator/');
		await waitForIsland(page);
		await page.getByText('Use your own model').click();
		const config = {
			architectures: ['Qwen3ForCausalLM'],
			model_type: 'qwen3',
			hidden_size: 2560,
			intermediate_size: 9728,
			num_attention_heads: 32,
			num_key_value_heads: 8,
			head_dim: 128,
			num_hidden_layers: 36,
			vocab_size: 151936,
			max_position_embeddings: 40960,
			tie_word_embeddings: true,
		};
		await page.getByLabel('Hugging Face config.json').fill(JSON.stringify(config));
		await page.getByLabel('Hugging Face config.json').blur();

		await expect(page.getByLabel('Model', { exact: true })).toHaveValue('custom');
		await expect(page).toHaveURL(/[?&]m=custom/);
		await expect(page).toHaveURL(/[?&]cm=/);
		const answer = await verdictOf(page).textContent();

		await page.reload();
		await expect(verdictOf(page)).toHaveText(answer ?? '');
	});

	test('a broken config.json gets a message tied to its field, not a crash', async ({ page }) => {
		await page.goto('/calculator/');
		await waitForIsland(page);
		await page.getByText('Use your own model').click();
		const field = page.getByLabel('Hugging Face config.json');
		await field.fill('{"model_type": "llama", "hidden_size": "big"}');
		await field.blur();

		// The message names the field and quotes its value, as the importer writes it.
		const message =
			'This config cannot be used: "hidden_size" in the config must be a positive integer, received "big"';
		const error = page.getByRole('alert').filter({ hasText: 'This config cannot be used' });
		await expect(error).toHaveText(message);
		await expect(error).toHaveAttribute('id', 'calc-config-error');

		// It is tied to the textarea, so a screen reader reads it with the field.
		await expect(field).toHaveAttribute('aria-describedby', 'calc-config-error');
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(field).toHaveAccessibleDescription(message);
		await expect(page.getByLabel('Model', { exact: true })).not.toHaveValue('custom');
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the calculator shows its pre-rendered answer', async ({ page }) => {
		await page.goto('/calculator/');

		await expect(verdictOf(page)).toContainText('Nemotron-Cascade-2-30B-A3B at IQ4_XS');
		await expect(verdictOf(page)).toContainText('Fits, with');
		await expect(page.getByText('Longest context that fits')).toBeVisible();
		await expect(page.locator('.calculator pre code').first()).toContainText('llama-server');
	});

	test('the cost page shows its pre-rendered figures', async ({ page }) => {
		await page.goto('/cost/');

		await expect(page.locator('.cost .verdict')).toContainText('At 30 hours a month');
		await expect(page.getByText('Owning pays off above')).toBeVisible();
	});
});
