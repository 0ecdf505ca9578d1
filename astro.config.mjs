// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { catalogCheck } from './src/integrations/catalog-check.ts';

// The public address the site is served from; canonical URLs, the sitemap and Open Graph
// tags are built on it. Set SITE_URL when publishing somewhere else.
const site = process.env.SITE_URL ?? 'https://headroom.example.org';

export default defineConfig({
	site,
	trailingSlash: 'always',
	integrations: [catalogCheck(), mdx(), preact(), sitemap()],
	server: { port: Number(process.env.PORT ?? 4321), host: '127.0.0.1' },
	build: { inlineStylesheets: 'never' },
	// Collapsing whitespace drops the space between a line of text and an expression that
	// starts the next line ("calibrated on19"); gzip takes care of the size instead.
	compressHTML: false,
	devToolbar: { enabled: false },
	// Astro hashes every script and style it emits into a Content-Security-Policy meta tag, so
	// no inline script runs unless the build put it there (ThemeScript adds its own hash). The
	// directives close what script-src alone leaves open: plugins, a <base> that moves relative
	// URLs, forms posting elsewhere, and loads from other origins. frame-ancestors is left out:
	// browsers ignore it in a meta tag, so a host's header must set it.
	security: {
		csp: {
			directives: [
				"default-src 'self'",
				"img-src 'self' data:",
				"object-src 'none'",
				"base-uri 'none'",
				"form-action 'self'",
			],
		},
	},
	// Shiki colours code with inline styles, which the CSP above would block.
	markdown: { syntaxHighlight: false },
});
