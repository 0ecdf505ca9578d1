import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Content types by file extension. */
const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.webmanifest': 'application/manifest+json',
};

/** Types a host would compress on the fly. */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest)|image\/svg)/;

/** A static server on the loopback interface. */
export interface StaticServer {
	/** Origin to request, e.g. "http://127.0.0.1:40123". */
	origin: string;
	/** Stops the server. */
	close(): Promise<void>;
}

/** Finds the file for a URL path: `index.html` for folders, undefined when there is none. */
function findFile(root: string, urlPath: string): { file?: string; redirect?: string } {
	let decoded: string;
	try {
		decoded = decodeURIComponent(urlPath);
	} catch {
		return {};
	}
	const path = normalize(join(root, decoded));
	if (path !== root && !path.startsWith(root + sep)) return {};
	if (!existsSync(path)) return {};
	if (statSync(path).isDirectory()) {
		if (!urlPath.endsWith('/')) return { redirect: `${urlPath}/` };
		const index = join(path, 'index.html');
		return existsSync(index) ? { file: index } : {};
	}
	return { file: path };
}

/**
 * Serves the folder `root` the way a static host would: `index.html` for folders, a redirect
 * to the trailing slash, `404.html` with status 404 for misses, gzip when the client accepts
 * it, and long caching for Astro's hashed files under `/_astro/`. Listens on a free port.
 */
export async function startStaticServer(root: string): Promise<StaticServer> {
	const base = normalize(root);
	const gzipCache = new Map<string, Buffer>();
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const found = findFile(base, url.pathname);
		if (found.redirect) {
			response.writeHead(301, { location: found.redirect + url.search });
			response.end();
			return;
		}
		const missing = !found.file;
		const file = found.file ?? join(base, '404.html');
		if (!existsSync(file)) {
			response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
			response.end('Not found');
			return;
		}
		const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
		const headers: Record<string, string> = {
			'content-type': type,
			'cache-control': url.pathname.startsWith('/_astro/')
				? 'public, max-age=31536000, immutable'
				: 'public, max-age=0, must-revalidate',
		};
		let body: Buffer = readFileSync(file);
		const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
		if (acceptsGzip && COMPRESSIBLE.test(type)) {
			let compressed = gzipCache.get(file);
			if (!compressed) {
				compressed = gzipSync(body, { level: 6 });
				gzipCache.set(file, compressed);
			}
			body = compressed;
			headers['content-encoding'] = 'gzip';
			headers['vary'] = 'accept-encoding';
		}
		headers['content-length'] = String(body.length);
		response.writeHead(missing ? 404 : 200, headers);
		response.end(request.method === 'HEAD' ? undefined : body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
