import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PageType } from './pages.ts';
import { KB, type Verdict } from './report.ts';

/** Most gzip JavaScript the calculator may load before a chart, in bytes (inline runtime included). */
export const CALCULATOR_BUDGET = 35 * KB;
/** Most gzip bytes of the inline theme script. */
export const THEME_BUDGET = 1 * KB;
/** Page types that need their JavaScript and have no size target (Pagefind's search UI). */
export const NO_TARGET_LABELS: ReadonlySet<string> = new Set(['search']);

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
	/** Gzip size of the inline theme script, in bytes (0 when absent); it has its own target. */
	themeGzip: number;
	/** Inline scripts other than the theme script (Astro's island runtime, or any other). */
	inlineCount: number;
	/** Gzip size of those inline scripts together, in bytes (0 when there are none). */
	inlineGzip: number;
	/** What the page's size target is checked against: modulesGzip + inlineGzip, in bytes. */
	shippedGzip: number;
	/** Script URLs that are not files of the build (another origin, or missing). */
	unresolved: string[];
}

/** One island tag of a page: its label and the modules it loads. */
export interface IslandTag {
	/** Component file stem and `client:` directive, e.g. "Calculator (load)". */
	label: string;
	/** Its `component-url`, `renderer-url` and `before-hydration-url`, as written. */
	references: string[];
}

/** The scripts of one HTML document, sorted by how the bench counts them. */
export interface PageScriptTags {
	/** `src` of each script that runs as JavaScript, as written. */
	sources: string[];
	/** Bodies of inline scripts that hold the theme script's marker. */
	theme: string[];
	/** Bodies of every other inline JavaScript script, in document order. */
	inline: string[];
	/** Specifiers of static imports in inline module scripts, as written. */
	inlineImports: string[];
	/** Astro islands on the page. */
	islands: IslandTag[];
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

/**
 * Reads a file of a build by its path relative to the build folder ("_astro/a.js",
 * "calculator/index.html"); undefined when the build has no such file.
 */
export type BuildReader = (file: string) => string | undefined;

/** Reads files of the build folder `dist` from disk. */
export function createDistReader(dist: string): BuildReader {
	return (file) => {
		const path = join(dist, file);
		return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
	};
}

/** Walks the JavaScript modules of a build, caching file contents and gzip sizes. */
class ModuleGraph {
	readonly #readFile: BuildReader;
	readonly #sources = new Map<string, string | undefined>();
	readonly #sizes = new Map<string, number>();

	constructor(readFile: BuildReader) {
		this.#readFile = readFile;
	}

	/** Reads a module by URL path; undefined when the build has no such file. */
	read(urlPath: string): string | undefined {
		if (!this.#sources.has(urlPath)) {
			let file: string | undefined;
			try {
				file = decodeURIComponent(urlPath).replace(/^\/+/, '');
			} catch {
				file = undefined;
			}
			this.#sources.set(urlPath, file === undefined ? undefined : this.#readFile(file));
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
 * Sorts the scripts of an HTML document the way the bench counts them: script files, the inline
 * theme script (which has its own target), every other inline script, and islands. Scripts of
 * other types (JSON-LD, import maps) do not run as JavaScript and are left out.
 */
export function classifyScripts(html: string): PageScriptTags {
	const tags: PageScriptTags = { sources: [], theme: [], inline: [], inlineImports: [], islands: [] };
	for (const match of html.matchAll(SCRIPT_TAG)) {
		const attributes = parseAttributes(match[1] ?? '');
		const type = (attributes.get('type') ?? '').toLowerCase();
		if (!JS_TYPES.has(type)) continue;
		const src = attributes.get('src');
		if (src) {
			tags.sources.push(src);
			continue;
		}
		const body = match[2] ?? '';
		if (body.trim() === '') continue;
		if (body.includes(THEME_MARKER)) tags.theme.push(body);
		else tags.inline.push(body);
		// An inline module can import files of the build too.
		if (type === 'module') {
			for (const specifier of body.matchAll(STATIC_IMPORT)) {
				tags.inlineImports.push(specifier[1] ?? '');
			}
		}
	}

	for (const match of html.matchAll(ISLAND_TAG)) {
		const attributes = parseAttributes(match[1] ?? '');
		const references = ['component-url', 'renderer-url', 'before-hydration-url'].flatMap(
			(name) => attributes.get(name) || [],
		);
		const component = attributes.get('component-url')?.split('/').pop()?.split('.')[0];
		tags.islands.push({
			label: `${component ?? '?'} (${attributes.get('client') ?? '?'})`,
			references,
		});
	}
	return tags;
}

/**
 * Measures the JavaScript each page ships: script files and islands followed through their
 * static imports (deduplicated, gzip level 9 per file), lazy chunks behind literal dynamic
 * imports, and inline scripts (the theme script apart from the rest). Files are read through
 * `readFile`, so a test can hand in a few files instead of a build.
 */
export function measurePagesWith(pages: readonly PageType[], readFile: BuildReader): PageScripts[] {
	const graph = new ModuleGraph(readFile);
	return pages.map((page) => {
		const tags = classifyScripts(readFile(page.file) ?? '');
		const pageBase = `http://bench.invalid${page.url}`;
		const roots: string[] = [];
		const unresolved: string[] = [];
		const addRoot = (reference: string) => {
			const url = new URL(reference, pageBase);
			if (url.host !== 'bench.invalid' || graph.read(url.pathname) === undefined) {
				unresolved.push(reference);
				return;
			}
			roots.push(url.pathname);
		};
		for (const src of tags.sources) addRoot(src);
		for (const specifier of tags.inlineImports) addRoot(specifier);
		for (const island of tags.islands) for (const reference of island.references) addRoot(reference);

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

		const modulesGzip = sumSizes(graph, eager.modules);
		const inlineGzip = tags.inline.length > 0 ? getGzipSize(tags.inline.join('\n')) : 0;
		return {
			page,
			islands: tags.islands.map((island) => island.label),
			modules: eager.modules,
			modulesGzip,
			lazy,
			themeGzip: tags.theme.reduce((sum, body) => sum + getGzipSize(body), 0),
			inlineCount: tags.inline.length,
			inlineGzip,
			shippedGzip: modulesGzip + inlineGzip,
			unresolved,
		};
	});
}

/** Measures the JavaScript each page of the build folder `dist` ships (see measurePagesWith). */
export function measurePages(dist: string, pages: readonly PageType[]): PageScripts[] {
	return measurePagesWith(pages, createDistReader(dist));
}

/** A page's size target and how its figure stands against it. */
export interface ShippedJsJudgement {
	/** The target as text, e.g. "<= 35 KB"; undefined when the page type has none. */
	target?: string | undefined;
	/** OK, OVER, or NOT MEASURED; undefined when the page type has no target. */
	verdict?: Verdict | undefined;
}

/**
 * Judges a page's shipped JavaScript (files and inline scripts, the theme script apart): the
 * calculator against CALCULATOR_BUDGET, pages without islands against 0 KB. A script the build
 * does not hold counts as shipped on a 0 KB page; on the calculator it leaves the figure short,
 * so it is not measured.
 */
export function judgeShippedJs(result: PageScripts): ShippedJsJudgement {
	const { label } = result.page;
	if (label === 'calculator') {
		const target = `<= ${CALCULATOR_BUDGET / KB} KB`;
		if (result.unresolved.length > 0) return { target, verdict: 'NOT MEASURED' };
		return { target, verdict: result.shippedGzip <= CALCULATOR_BUDGET ? 'OK' : 'OVER' };
	}
	if (result.islands.length > 0 || NO_TARGET_LABELS.has(label)) return {};
	const none = result.shippedGzip === 0 && result.unresolved.length === 0;
	return { target: '0 KB', verdict: none ? 'OK' : 'OVER' };
}
