import { existsSync } from 'node:fs';

/** Debian's Chromium: this project's machines cannot download a browser of their own. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium where it is installed; undefined lets Playwright use its own browser. */
export const CHROMIUM_PATH = existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;

/**
 * Flags for every headless Chromium the project starts (tests, bench, images): no sandbox (we run
 * as root), no GPU, and no background traffic, since these machines reach no host but the package
 * registries and Chromium otherwise retries them over and over.
 */
export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];
