import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PageType } from './pages.ts';

/** A script the page loads lazily: one dynamic `import()` and what it pulls in. */
export interface LazyChunk {
	/** URL path of the dynamically imported module. */
	entry: string;
	/** Modules it loads that the page had not loaded already, the entry included. */
	files: string[];
	/** Sum of their gzip sizes, in bytes. */
	gzipBytes: number;
}

/** The JavaScript one page ships. */
export interface PageScripts {
	page: PageType;
	/** Components hydrated on the page, with their `client:` directive. */
	islands: string[];
	/** URL paths of the modules loaded up front (script src, islands and their static imports). */
	modules: string[];
	/** Sum of the modules' gzip sizes, in bytes. */
	modulesGzip: number;
	/** Lazy chunks behind dynamic `import()` with a literal path. */
	lazy: LazyChunk[];
	/** Gzip size of the inline theme script, in bytes (0 when absent). */
	themeGzip: number;
	/** Gzip size of the other inline scripts (Astro's island runtime), in bytes. */
	otherInlineGzip: number;
	/** Script URLs that are not files of the build (another origin, or missing). */
	unresolved: string[];
}

/** Matches `<script ...>body</script>`. */
const SCRIPT_TAG = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
/** Matches the opening tag of an Astro island. */
const ISLAND_TAG = /<astro-island\b([^>]*)>/gi;
/** Matches one attribute, quoted or not. */
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
/**
 * Static `import ... from "x"`, `import "x"` and `export ... from "x"` in minified output. The
 * clause before `from` holds no parenthesis, so dynamic `import(...)` never matches.
 */
const STATIC_IMPORT = /(?<![\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`]([^"'`]+)["'`]/g;
/** Dynamic `import("x")` with a literal path; template literals with `${}` are skipped. */
const DYNAMIC_IMPORT = /(?<![\w$.])import\(\s*["'`]([^"'`$]+)["'`]\s*\)/g;
/** Text only the theme script holds: the localStorage key it reads. */
const THEME_MARKER = 'headroom-theme';
/** Script types that run as JavaScript (an empty type is classic JavaScript). */
const JS_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript']);

/** Reads the attributes of a tag into a map; names are lowercased. */
function parseAttributes(source: string): Map<string, string> {
	const attributes = new Map<string, string>();
	for (const match of source.matchAll(ATTRIBUTE)) {
		const name = match[1]?.toLowerCase();
		if (!name) continue;
		const value = match[2] ?? match[3] ?? match[4] ?? '';
		attributes.set(name, value.replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
	}
	return attributes;
}

/** Returns the gzip size (level 9) of some text or bytes. */
export function getGzipSize(data: string | Buffer): number {
	return gzipSync(data, { level: 9 }).length;
}

/** Walks the JavaScript modules of a build, caching file contents and gzip sizes. */
class ModuleGraph {
	readonly #dist: string;
	readonly #sources = new Map<string, string | undefined>();
	readonly #sizes = new Map<string, number>();

	constructor(dist: string) {
		this.#dist = dist;
	}

	/** Reads a module by URL path; undefined when the build has no such file. */
	read(urlPath: string): string | undefined {
		if (!this.#sources.has(urlPath)) {
			const file = join(this.#dist, decodeURIComponent(urlPath));
			this.#sources.set(urlPath, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
		}
		return this.#sources.get(urlPath);
	}

	/** Gzip size of a module, in bytes (0 when missing). */
	sizeOf(urlPath: string): number {
		let size = this.#sizes.get(urlPath);
		if (size === undefined) {
			const source = this.read(urlPath);
			size = source === undefined ? 0 : getGzipSize(source);
			this.#sizes.set(urlPath, size);
		}
		return size;
	}

	/** Static and literal dynamic imports of one module, as URL paths. */
	importsOf(urlPath: string): { static: string[]; dynamic: string[] } {
		const source = this.read(urlPath) ?? '';
		const base = `http://bench.invalid${urlPath}`;
		const resolve = (specifier: string) => new URL(specifier, base).pathname;
		return {
			static: [...source.matchAll(STATIC_IMPORT)].map((match) => resolve(match[1] ?? '')),
			dynamic: [...source.matchAll(DYNAMIC_IMPORT)].map((match) => resolve(match[1] ?? '')),
		};
	}

	/**
	 * Follows static imports from the roots, skipping modules in `loaded`. Returns the modules
	 * reached in visiting order, and the dynamic imports met on the way.
	 */
	collect(roots: readonly string[], loaded: ReadonlySet<string>): {
		modules: string[];
		dynamic: string[];
	} {
		const modules: string[] = [];
		const dynamic: string[] = [];
		const seen = new Set(loaded);
		const queue = [...roots];
		for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
			if (seen.has(next)) continue;
			seen.add(next);
			modules.push(next);
			const imports = this.importsOf(next);
			queue.push(...imports.static);
			dynamic.push(...imports.dynamic);
		}
		return { modules, dynamic: [...new Set(dynamic)] };
	}
}

/** Sums the gzip sizes of modules. */
function sumSizes(graph: ModuleGraph, modules: readonly string[]): number {
	return modules.reduce((sum, module) => sum + graph.sizeOf(module), 0);
}

/**
 * Measures the JavaScript each page ships: script files and islands followed through their
 * static imports (deduplicated, gzip level 9 per file), lazy chunks behind literal dynamic
 * imports, and inline scripts (the theme script apart from the rest).
 */
export function measurePages(dist: string, pages: readonly PageType[]): PageScripts[] {
	const graph = new ModuleGraph(dist);
	return pages.map((page) => {
		const html = readFileSync(join(dist, page.file), 'utf8');
		const pageBase = `http://bench.invalid${page.url}`;
		const roots: string[] = [];
		const unresolved: string[] = [];
		const islands: string[] = [];
		let themeGzip = 0;
		const otherInline: string[] = [];

		const addRoot = (reference: string) => {
			const url = new URL(reference, pageBase);
			if (url.host !== 'bench.invalid' || graph.read(url.pathname) === undefined) {
				unresolved.push(reference);
				return;
			}
			roots.push(url.pathname);
		};

		for (const match of html.matchAll(SCRIPT_TAG)) {
			const attributes = parseAttributes(match[1] ?? '');
			const type = (attributes.get('type') ?? '').toLowerCase();
			if (!JS_TYPES.has(type)) continue;
			const src = attributes.get('src');
			if (src) {
				addRoot(src);
				continue;
			}
			const body = match[2] ?? '';
			if (body.trim() === '') continue;
			if (body.includes(THEME_MARKER)) themeGzip += getGzipSize(body);
			else otherInline.push(body);
			// An inline module can import files of the build too.
			if (type === 'module') {
				for (const specifier of body.matchAll(STATIC_IMPORT)) addRoot(specifier[1] ?? '');
			}
		}

		for (const match of html.matchAll(ISLAND_TAG)) {
			const attributes = parseAttributes(match[1] ?? '');
			for (const name of ['component-url', 'renderer-url', 'before-hydration-url']) {
				const reference = attributes.get(name);
				if (reference) addRoot(reference);
			}
			const component = attributes.get('component-url')?.split('/').pop()?.split('.')[0];
			islands.push(`${component ?? '?'} (${attributes.get('client') ?? '?'})`);
		}

		const eager = graph.collect(roots, new Set());
		const loaded = new Set(eager.modules);
		const lazy: LazyChunk[] = [];
		const pending = [...eager.dynamic];
		for (let entry = pending.shift(); entry !== undefined; entry = pending.shift()) {
			if (loaded.has(entry)) continue;
			const chunk = graph.collect([entry], loaded);
			for (const module of chunk.modules) loaded.add(module);
			pending.push(...chunk.dynamic);
			lazy.push({ entry, files: chunk.modules, gzipBytes: sumSizes(graph, chunk.modules) });
		}

		return {
			page,
			islands,
			modules: eager.modules,
			modulesGzip: sumSizes(graph, eager.modules),
			lazy,
			themeGzip,
			otherInlineGzip: otherInline.length > 0 ? getGzipSize(otherInline.join('\n')) : 0,
			unresolved,
		};
	});
}
