import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A page type of the built site and the HTML file that stands for it. */
export interface PageType {
	/** Short label, e.g. "calculator". */
	label: string;
	/** Path of the HTML file relative to the build folder, e.g. "calculator/index.html". */
	file: string;
	/** URL path the page is served at, e.g. "/calculator/". */
	url: string;
}

/** A page type the bench looks for, with the files that may stand for it, best first. */
interface PageWanted {
	label: string;
	/** Exact files to try, relative to the build folder. */
	files: readonly string[];
	/**
	 * Folders whose first `index.html`, `depth` folder levels down, stands in when no exact file
	 * exists; tried in order.
	 */
	fallbacks?: readonly { folder: string; depth: number }[];
}

/**
 * The page types measured, in report order. Ids are those of the source article. A pair page
 * (one model on one GPU) is looked for at `gpus/<gpu>/<model>/` and under `can/`.
 */
const PAGES_WANTED: readonly PageWanted[] = [
	{ label: 'home', files: ['index.html'] },
	{ label: 'guide', files: ['guides/nemotron-cascade-2/index.html'], fallbacks: [{ folder: 'guides', depth: 1 }] },
	{ label: 'guide list', files: ['guides/index.html'] },
	{ label: 'calculator', files: ['calculator/index.html'] },
	{ label: 'cost', files: ['cost/index.html'] },
	{ label: 'compare', files: ['compare/index.html'] },
	{ label: 'GPU list', files: ['gpus/index.html'] },
	{
		label: 'GPU page',
		files: ['gpus/rtx-3090/index.html'],
		fallbacks: [{ folder: 'gpus', depth: 1 }],
	},
	{
		label: 'pair page',
		files: [
			'gpus/rtx-3090/nemotron-cascade-2-30b-a3b/index.html',
			'can/nemotron-cascade-2-30b-a3b/rtx-3090/index.html',
			'can/rtx-3090/nemotron-cascade-2-30b-a3b/index.html',
		],
		fallbacks: [
			{ folder: 'gpus', depth: 2 },
			{ folder: 'can', depth: 2 },
			{ folder: 'can', depth: 1 },
		],
	},
	{ label: 'model list', files: ['models/index.html'] },
	{
		label: 'model page',
		files: ['models/nemotron-cascade-2-30b-a3b/index.html'],
		fallbacks: [{ folder: 'models', depth: 1 }],
	},
	{ label: 'benchmarks', files: ['benchmarks/index.html'] },
	{ label: 'accuracy', files: ['accuracy/index.html'] },
	{ label: 'quants', files: ['quants/index.html'] },
	{ label: 'sources', files: ['sources/index.html'] },
	{ label: 'search', files: ['search/index.html'] },
	{ label: '404', files: ['404.html'] },
];

/** Labels of the page types Lighthouse runs on. */
export const LIGHTHOUSE_LABELS: readonly string[] = [
	'home',
	'guide',
	'calculator',
	'cost',
	'GPU page',
	'pair page',
];

/** Turns a build-relative HTML path into the URL path a static host serves it at. */
export function toUrlPath(file: string): string {
	if (file === 'index.html') return '/';
	if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
	return `/${file}`;
}

/**
 * Finds the first `index.html` exactly `depth` folder levels below `folder`, walking
 * sub-folders in name order. Returns its path relative to `root`.
 */
function findFirstIndex(root: string, folder: string, depth: number): string | undefined {
	const absolute = join(root, folder);
	if (!existsSync(absolute)) return undefined;
	for (const name of readdirSync(absolute).sort()) {
		const child = `${folder}/${name}`;
		if (!statSync(join(root, child)).isDirectory()) continue;
		if (depth <= 1) {
			if (existsSync(join(root, child, 'index.html'))) return `${child}/index.html`;
			continue;
		}
		const deeper = findFirstIndex(root, child, depth - 1);
		if (deeper) return deeper;
	}
	return undefined;
}

/** Result of looking for the page types: those found, and the labels of those not built. */
export interface PageSearch {
	found: PageType[];
	missing: string[];
}

/** Looks for each page type in the build folder `dist`. */
export function findPageTypes(dist: string): PageSearch {
	const found: PageType[] = [];
	const missing: string[] = [];
	for (const wanted of PAGES_WANTED) {
		let file = wanted.files.find((candidate) => existsSync(join(dist, candidate)));
		for (const fallback of wanted.fallbacks ?? []) {
			file ??= findFirstIndex(dist, fallback.folder, fallback.depth);
		}
		if (file) found.push({ label: wanted.label, file, url: toUrlPath(file) });
		else missing.push(wanted.label);
	}
	return { found, missing };
}
