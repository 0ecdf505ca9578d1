// Renders the link-preview cards and the favicon with Chromium: `npm run images`.
// The PNGs are committed under public/, so building the site needs no browser. Run it again
// after adding a guide or changing a guide's title or description.
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import { parse } from 'yaml';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.ts';

const started = performance.now();
const browser = await chromium.launch({
	...(CHROMIUM_PATH ? { executablePath: CHROMIUM_PATH } : {}),
	args: CHROMIUM_FLAGS,
});
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
const logo = readFileSync('public/favicon.svg', 'utf8');

/** Escapes text for the card's HTML. */
const escape = (text: string) =>
	text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Renders one 1200 x 630 card with a kicker, a title and a line of description. */
async function renderCard(path: string, kicker: string, title: string, description: string) {
	await page.setContent(`<!doctype html><html><body style="margin:0;width:1200px;height:630px;
		font-family:system-ui,sans-serif;background:#0b1320;color:#e8e9eb;display:flex;flex-direction:column;
		justify-content:space-between;padding:64px;box-sizing:border-box">
		<div style="display:flex;align-items:center;gap:20px;font-size:34px;font-weight:700">
			<div style="width:64px;height:64px">${logo}</div>Headroom</div>
		<div><div style="font-size:30px;color:#fdba74;margin-bottom:16px">${escape(kicker)}</div>
			<div style="font-size:64px;font-weight:800;line-height:1.1">${escape(title)}</div></div>
		<div style="font-size:30px;color:#b0b5bd;line-height:1.35">${escape(description)}</div>
	</body></html>`);
	mkdirSync(join(path, '..'), { recursive: true });
	await page.screenshot({ path, type: 'png' });
}

await renderCard(
	'public/og-default.png',
	'Run LLMs at home',
	'Will it fit, how fast, and is owning cheaper than renting?',
	'Memory counted the way llama.cpp allocates it, every estimate beside a measurement.',
);

const guides = readdirSync('content/guides').filter((name) => name.endsWith('.mdx'));
for (const name of guides) {
	const text = readFileSync(join('content/guides', name), 'utf8');
	const front = parse(text.split(/^---$/m)[1] ?? '') as { title: string; description: string };
	await renderCard(`public/og/guides/${name.replace(/\.mdx$/, '')}.png`, 'Guide', front.title, front.description);
}

// The favicon as a 32 x 32 PNG wrapped in an ICO container (one image, PNG-compressed).
await page.setViewportSize({ width: 32, height: 32 });
await page.setContent(`<html><body style="margin:0;background:transparent">${logo.replace('<svg ', '<svg width="32" height="32" ')}</body></html>`);
const png = await page.screenshot({ type: 'png', omitBackground: true });
const header = Buffer.alloc(22);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(1, 4);
header.writeUInt8(32, 6);
header.writeUInt8(32, 7);
header.writeUInt16LE(1, 10);
header.writeUInt16LE(32, 12);
header.writeUInt32LE(png.length, 14);
header.writeUInt32LE(22, 18);
writeFileSync('public/favicon.ico', Buffer.concat([header, png]));

await browser.close();
const ms = Math.round(performance.now() - started);
console.log(`images: default card, ${guides.length} guide cards and favicon.ico written (${ms} ms)`);
