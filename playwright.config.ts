import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './scripts/chromium.ts';

const port = Number(process.env.PORT ?? 4321);

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		trace: 'off',
		launchOptions: {
			...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}),
			args: CHROMIUM_FLAGS,
		},
	},
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
		{
			name: 'phone',
			use: { ...devices['Pixel 7'], channel: undefined },
			grep: /@phone/,
		},
	],
	webServer: {
		command: `node_modules/.bin/astro preview --port ${port} --host 127.0.0.1`,
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: false,
		timeout: 60_000,
	},
});
