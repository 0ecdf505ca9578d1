import { test, expect } from './fixtures.ts';

test.describe('"can it run" pages', () => {
	test('name the margin rule, the runner-up and the larger quant that only just fits', async ({ page }) => {
		// Nemotron-Cascade 2 on an RTX 3090: Q4_K_M fits with under 1 GiB, so IQ4_XS is recommended.
		await page.goto('/gpus/rtx-3090/nemotron-cascade-2-30b-a3b/');
		await expect(page.locator('.answer')).toContainText(/^Yes\. .* at IQ4_XS with /);

		await expect(page.getByRole('heading', { name: 'How the quant is picked' })).toBeVisible();
		const rule = page.locator('p', { hasText: 'The recommended quant is the largest file' });
		await expect(rule).toContainText('at least 1.0 GiB');
		await expect(rule).toContainText('The runner-up is Q2_K');
		await expect(rule).toContainText('Q4_K_M also fits, but with only');
	});

	test('print the run commands for every runtime the setup allows', async ({ page }) => {
		await page.goto('/gpus/rtx-3090/nemotron-cascade-2-30b-a3b/');

		const code = page.locator('pre code');
		await expect(code.filter({ hasText: 'llama-server -hf mradermacher/' })).toHaveCount(1);
		// The library tag pulls Q4_K_M, so the IQ4_XS setup pulls its file from Hugging Face.
		await expect(code.filter({ hasText: 'ollama run hf.co/mradermacher/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS' })).toHaveCount(1);
		await expect(code.filter({ hasText: 'ghcr.io/open-webui/open-webui:main' })).toHaveCount(1);
		await expect(page.getByText(/names no checkpoint of this model at IQ4_XS that vLLM loads/)).toBeVisible();
	});

	test('say no when the offloaded part needs more RAM than a desktop holds', async ({ page }) => {
		await page.goto('/gpus/rtx-4060/deepseek-v3-1/');

		await expect(page.locator('.answer')).toContainText(/^No\. .* of system RAM, more than the 128\.0 GiB a desktop typically holds\./);
		await expect(page.getByText('No command: the configuration above does not run on this card.')).toBeVisible();
	});

	test('state the system RAM an offload takes', async ({ page }) => {
		await page.goto('/gpus/rtx-4060-ti-16gb/gpt-oss-120b/');

		await expect(page.locator('.answer')).toContainText(/^Only with offload\. .*the experts of \d+ layers on the CPU.* GiB of system RAM\./);
		await expect(page.locator('pre code').filter({ hasText: /--n-cpu-moe \d+/ })).toHaveCount(1);
	});
});
