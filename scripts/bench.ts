/**
 * Prints Headroom's speed and size figures beside the targets in the README.
 *
 *   npm run bench [-- --build] [--grow [10]] [--runs 3] [--only size,lighthouse,engine]
 *                 [--dist <folder>] [--keep] [--verbose]
 *
 * 1. JavaScript each page type ships (gzip), read from the built site in dist/.
 * 2. Lighthouse mobile scores of the main pages (median of --runs runs), served from dist/.
 * 3. Engine speed: one estimate, one max-context solve, the whole catalog.
 * 4. With --build: the project's build (`astro build` and Pagefind) timed against its budget.
 *    With --grow [N] (which implies --build): also a build of the catalog grown N times (10 by
 *    default), and its time per page against the project's. Both run with this Node, no npm.
 *
 * A figure that could not be taken (no Chromium, a page not built) prints NOT MEASURED, and the
 * last line counts OK, OVER and NOT MEASURED. It is a report, not a test: it exits 0 when a
 * figure is over target or not measured, and 1 only when it cannot run at all (no build, a
 * build that fails, a crash); 2 for a wrong argument. Lighthouse reports and build logs are kept
 * in bench-out/ (git-ignored).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getContentDir } from '../src/lib/catalog/content-dir.ts';
import {
	BuildError,
	countPages,
	timeGrownBuild,
	timeProjectBuild,
	type BuildTiming,
} from './bench/build-time.ts';
import { measureEngine } from './bench/engine.ts';
import { GrowError } from './bench/grow-catalog.ts';
import {
	CATEGORIES,
	checkLighthouse,
	DEFAULT_CHROME,
	measureLighthouse,
	type CategoryId,
} from './bench/lighthouse.ts';
import { readBenchOptions, UsageError } from './bench/options.ts';
import { findPageTypes, LIGHTHOUSE_LABELS, type PageType } from './bench/pages.ts';
import {
	countVerdicts,
	formatKb,
	formatMs,
	formatSummary,
	KB,
	printHeading,
	printNotes,
	printRows,
	toNotMeasuredRow,
	toVerdict,
	type Row,
} from './bench/report.ts';
import {
	CALCULATOR_BUDGET,
	getGzipSize,
	judgeShippedJs,
	measurePages,
	NO_TARGET_LABELS,
	THEME_BUDGET,
} from './bench/shipped-js.ts';
import { startStaticServer } from './bench/static-server.ts';

/** Folder for Lighthouse reports and build logs (git-ignored). */
const OUT_DIR = 'bench-out';

/** Lowest Lighthouse score accepted, per category. */
const LIGHTHOUSE_TARGETS: Record<CategoryId, number> = {
	performance: 98,
	accessibility: 100,
	'best-practices': 100,
	seo: 100,
};
/** Engine budgets, in milliseconds. */
const ESTIMATE_BUDGET_MS = 1;
const MAX_CONTEXT_BUDGET_MS = 1;
const CATALOG_BUDGET_MS = 1000;
/** Warm engine runs the median is taken over. */
const ENGINE_WARM_RUNS = 5;
/**
 * Longest accepted wall time of the project's build (`astro build` and Pagefind), in
 * milliseconds. A budget, not a measurement: about 830 pages built in about 15 s when the
 * catalog pages landed (commit ed9919d), and a small Astro site takes 6 to 7 s on two cores, so
 * 60 s leaves room for a busy machine and a growing catalog while catching a build that slows
 * by several times.
 */
const BUILD_BUDGET_MS = 60_000;
/**
 * Highest accepted ratio of time per page, grown build over normal build. Fixed costs spread
 * over more pages push a linear build below 1; the 10% allowance is for noise on two cores.
 */
const GROWTH_BUDGET = 1.1;

/** Section 1: the JavaScript each page type ships. Returns the rows printed. */
function reportShippedJs(dist: string, verbose: boolean): readonly Row[] {
	printHeading('1. Shipped JavaScript per page type (gzip -9 per file, 1 KB = 1024 bytes)');
	const { found, missing } = findPageTypes(dist);
	printNotes(found.map((page) => `${page.label.padEnd(11)} ${page.url}`));
	printNotes([
		'files and island modules with their static imports, plus inline scripts (the theme',
		"script apart, with its own target); on pages with islands that includes Astro's runtime",
	]);
	console.log('');

	const measured = measurePages(dist, found);
	const rows: Row[] = [];
	for (const result of measured) {
		const { label } = result.page;
		const files = `${result.modules.length} file${result.modules.length === 1 ? '' : 's'}`;
		const inline =
			result.inlineCount > 0
				? ` + ${result.inlineCount} inline (${formatKb(result.inlineGzip)})`
				: '';
		const islands = result.islands.length > 0 ? `; islands ${result.islands.join(', ')}` : '';
		const search = NO_TARGET_LABELS.has(label) ? '; Pagefind UI, no target' : '';
		const row: Row = {
			name: label,
			value: formatKb(result.shippedGzip),
			...judgeShippedJs(result),
			detail: `${files}${inline}${islands}${search}`,
		};
		const notes: string[] = [];
		if (verbose) notes.push(...result.modules.map((module) => `loads ${module}`));
		if (result.unresolved.length > 0) notes.push(`not found: ${result.unresolved.join(', ')}`);
		if (notes.length > 0) row.notes = notes;
		rows.push(row);
		for (const chunk of result.lazy) {
			const name = chunk.entry.split('/').pop() ?? chunk.entry;
			const extra = chunk.files.length > 1 ? ` (+${chunk.files.length - 1} files)` : '';
			rows.push({
				name: `${label}, lazy`,
				value: formatKb(chunk.gzipBytes),
				detail: `import() ${name}${extra}`,
			});
		}
	}
	for (const label of missing) {
		const target = label === 'calculator' ? `<= ${CALCULATOR_BUDGET / KB} KB` : undefined;
		rows.push(toNotMeasuredRow(label, target, `page not built: no HTML for it in ${dist}/`));
	}

	const themes = measured.map((result) => result.themeGzip);
	const withoutTheme = measured.filter((result) => result.themeGzip === 0);
	rows.push({
		name: 'inline theme script',
		value: formatKb(Math.max(0, ...themes)),
		target: `<= ${THEME_BUDGET / KB} KB`,
		verdict: toVerdict(Math.max(0, ...themes) <= THEME_BUDGET),
		detail:
			withoutTheme.length > 0
				? `largest; missing on ${withoutTheme.map((result) => result.page.label).join(', ')}`
				: `largest over ${measured.length} pages`,
	});
	rows.push(...measureHtml(dist, found));
	return printRows(rows);
}

/** HTML documents' own gzip sizes, for the record (no targets). */
function measureHtml(dist: string, pages: readonly PageType[]): Row[] {
	const sizes = pages.map((page) => ({
		page,
		bytes: getGzipSize(readFileSync(join(dist, page.file))),
	}));
	const largest = [...sizes].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
	return largest.map(({ page, bytes }) => ({
		name: `${page.label} HTML`,
		value: formatKb(bytes),
		detail: 'one of the three largest documents',
	}));
}

/** The target of a Lighthouse category, as text. */
function toLighthouseTarget(category: CategoryId): string {
	const target = LIGHTHOUSE_TARGETS[category];
	return target === 100 ? '100' : `>= ${target}`;
}

/** NOT MEASURED rows for every category of one page, with the reason. */
function toUnscoredRows(label: string, reason: string): Row[] {
	return CATEGORIES.map((category) =>
		toNotMeasuredRow(`${label} ${category}`, toLighthouseTarget(category), reason),
	);
}

/** Section 2: Lighthouse mobile on the main page types. Returns the rows printed. */
async function reportLighthouse(dist: string, runs: number): Promise<readonly Row[]> {
	printHeading(`2. Lighthouse mobile (median of ${runs} run${runs === 1 ? '' : 's'})`);
	const chrome = process.env['CHROME_PATH'] ?? DEFAULT_CHROME;
	const problem = checkLighthouse(chrome);
	if (problem) {
		printNotes([`NOT MEASURED: ${problem}`]);
		console.log('');
		return printRows(LIGHTHOUSE_LABELS.flatMap((label) => toUnscoredRows(label, 'not run')));
	}
	const { found } = findPageTypes(dist);
	const pages = LIGHTHOUSE_LABELS.flatMap(
		(label) => found.find((page) => page.label === label) ?? [],
	);
	const missing = LIGHTHOUSE_LABELS.filter((label) => !pages.some((page) => page.label === label));
	const server = await startStaticServer(dist);
	const rows: Row[] = [];
	let version: string | undefined;
	try {
		for (const page of pages) {
			process.stderr.write(`bench: lighthouse ${page.url} (${runs} runs)\n`);
			const name = page.label.replaceAll(' ', '-');
			const result = await measureLighthouse(
				server.origin + page.url,
				name,
				runs,
				join(OUT_DIR, 'lighthouse'),
				chrome,
			);
			version ??= result.version;
			for (const category of CATEGORIES) {
				const median = result.medians[category];
				const runsText = `runs ${result.scores[category].join(' ') || '-'}`;
				if (median === undefined) {
					rows.push(
						toNotMeasuredRow(
							`${page.label} ${category}`,
							toLighthouseTarget(category),
							`no run scored it; ${runsText}`,
						),
					);
					continue;
				}
				rows.push({
					name: `${page.label} ${category}`,
					value: String(median),
					target: toLighthouseTarget(category),
					verdict: toVerdict(median >= LIGHTHOUSE_TARGETS[category]),
					detail: runsText,
					notes: median < 100 ? (result.failing[category] ?? []) : [],
				});
			}
			const last = rows.at(-1);
			if (last && result.errors.length > 0) {
				last.notes = [...(last.notes ?? []), ...result.errors.map((error) => `error ${error}`)];
			}
		}
	} finally {
		await server.close();
	}
	for (const label of missing) rows.push(...toUnscoredRows(label, `page not built in ${dist}/`));
	printNotes([
		`Lighthouse ${version ?? '?'}, ${chrome}, pages served from ${dist} by a local static server`,
		`reports: ${OUT_DIR}/lighthouse/<page>-<run>.json`,
	]);
	console.log('');
	return printRows(rows);
}

/** Section 3: engine speed. Returns the rows printed. */
function reportEngine(): readonly Row[] {
	printHeading(`3. Engine speed (median of ${ENGINE_WARM_RUNS} warm runs after one cold run)`);
	const timings = measureEngine(getContentDir(), ENGINE_WARM_RUNS);
	const { warm, cold, counts } = timings;
	const catalogName = `whole catalog, ${warm.catalogRuns} estimates`;
	printNotes([
		`catalog: ${counts.models} models x ${counts.quants} quants x ${counts.gpus} GPUs, 8192 tokens`,
		'one estimate and one solve: a fresh input, once (benchEngine); cold = first run in this',
		'process; repeated = mean over the same input estimated again and again',
	]);
	console.log('');
	const targets = {
		estimate: `< ${ESTIMATE_BUDGET_MS} ms`,
		solve: `< ${MAX_CONTEXT_BUDGET_MS} ms`,
		catalog: `< ${CATALOG_BUDGET_MS} ms`,
	};
	// benchEngine times nothing when no model, known quant and GPU make an input; its zeros
	// would read as OK.
	if (warm.catalogRuns === 0) {
		const reason = 'the catalog gives no model x known quant x GPU to estimate';
		return printRows([
			toNotMeasuredRow('one estimate', targets.estimate, reason),
			toNotMeasuredRow('one max-context solve', targets.solve, reason),
			toNotMeasuredRow(catalogName, targets.catalog, reason),
		]);
	}
	return printRows([
		{
			name: 'one estimate',
			value: formatMs(warm.estimateMs),
			target: targets.estimate,
			verdict: toVerdict(warm.estimateMs < ESTIMATE_BUDGET_MS),
			detail: `cold ${formatMs(cold.estimateMs)}; repeated ${formatMs(timings.repeatedEstimateMs)}`,
		},
		{
			name: 'one max-context solve',
			value: formatMs(warm.maxContextMs),
			target: targets.solve,
			verdict: toVerdict(warm.maxContextMs < MAX_CONTEXT_BUDGET_MS),
			detail: `cold ${formatMs(cold.maxContextMs)}; repeated ${formatMs(timings.repeatedMaxContextMs)}`,
		},
		{
			name: catalogName,
			value: formatMs(warm.catalogMs),
			target: targets.catalog,
			verdict: toVerdict(warm.catalogMs < CATALOG_BUDGET_MS),
			detail: `cold ${formatMs(cold.catalogMs)}; ${formatMs(warm.perEstimateMs)} each`,
		},
	]);
}

/** Formats a build's row. */
function toBuildRow(name: string, timing: BuildTiming): Row {
	const perPage = timing.ms / Math.max(1, timing.pages);
	const astro =
		timing.astroMs === undefined ? '' : `; Astro says ${(timing.astroMs / 1000).toFixed(1)} s`;
	return {
		name,
		value: `${(timing.ms / 1000).toFixed(1)} s`,
		detail: `${timing.pages} pages, ${formatMs(perPage)} per page${astro}`,
	};
}

/** The project build's row, judged against BUILD_BUDGET_MS. */
function toProjectBuildRow(timing: BuildTiming): Row {
	return {
		...toBuildRow('build, catalog as is', timing),
		target: `<= ${BUILD_BUDGET_MS / 1000} s`,
		verdict: toVerdict(timing.ms <= BUILD_BUDGET_MS),
	};
}

/**
 * Section 4: the project's build time, and with `grow` a build of the catalog grown that many
 * times with its time per page beside the project's. Returns the rows printed.
 */
async function reportBuilds(
	baseline: BuildTiming,
	grow: number | undefined,
	keep: boolean,
): Promise<readonly Row[]> {
	if (grow === undefined) {
		printHeading('4. Build time (catalog as is)');
		printNotes([
			`${baseline.command}; log ${baseline.log}`,
			'add --grow [N] to build the catalog grown N times too, and compare time per page',
		]);
		console.log('');
		return printRows([toProjectBuildRow(baseline)]);
	}

	process.stderr.write(`bench: growing the catalog ${grow}x and building it\n`);
	const grown = await timeGrownBuild(getContentDir(), grow, OUT_DIR, keep);

	printHeading(`4. Build time (catalog as is, and grown ${grow}x)`);
	const perPage = (timing: BuildTiming) => timing.ms / Math.max(1, timing.pages);
	const ratio = perPage(grown) / perPage(baseline);
	const linear = ratio <= GROWTH_BUDGET;
	printNotes([
		`x1: ${baseline.command}; log ${baseline.log}`,
		`x${grow}: ${grown.catalog.gpus} GPUs, ${grown.catalog.models} models, ` +
			`${grown.catalog.records} records; log ${grown.log}`,
		`x${grow}: ${grown.command}`,
		...(grown.kept ? [`kept in ${grown.kept}`] : []),
	]);
	console.log('');
	return printRows([
		toProjectBuildRow(baseline),
		toBuildRow(`build, catalog x${grow}`, grown),
		{
			name: `pages x${grow} / x1`,
			value: (grown.pages / Math.max(1, baseline.pages)).toFixed(1),
			detail: `time x${grow} / x1 ${(grown.ms / baseline.ms).toFixed(1)}`,
		},
		{
			name: `time per page x${grow} / x1`,
			value: ratio.toFixed(2),
			target: `<= ${GROWTH_BUDGET.toFixed(2)}`,
			verdict: toVerdict(linear),
			detail: linear ? 'growth no worse than linear' : 'growth worse than linear',
		},
	]);
}

/** Runs the sections asked for. */
async function main(): Promise<void> {
	const options = readBenchOptions(process.argv.slice(2));
	process.chdir(fileURLToPath(new URL('..', import.meta.url)));

	let baseline: BuildTiming | undefined;
	if (options.build) {
		process.stderr.write('bench: building the site (astro build, then pagefind)\n');
		baseline = await timeProjectBuild(OUT_DIR);
	}

	const dist = options.dist;
	const index = join(dist, 'index.html');
	const needsDist = options.sections.has('size') || options.sections.has('lighthouse');
	if (needsDist && !existsSync(index)) {
		console.error(`bench: no built site in ${dist}/; run \`npm run build\` or pass --build`);
		process.exitCode = 1;
		return;
	}
	const built = existsSync(index) ? statSync(index).mtime.toISOString().slice(0, 16) : 'no build';
	const pages = existsSync(index) ? `${countPages(dist)} pages` : '';
	console.log(`Headroom bench, Node ${process.version}, ${dist}/ built ${built} UTC, ${pages}`);
	// Lighthouse slows the CPU it measures on by a fixed factor, so other work on the machine
	// inflates Total Blocking Time and the engine timings.
	const load = loadavg()[0] ?? 0;
	const busy = load > availableParallelism() / 2 ? '; busy, so figures read high' : '';
	console.log(`load average ${load.toFixed(1)} on ${availableParallelism()} cores${busy}`);

	const rows: Row[] = [];
	if (options.sections.has('size')) rows.push(...reportShippedJs(dist, options.verbose));
	if (options.sections.has('lighthouse')) rows.push(...(await reportLighthouse(dist, options.runs)));
	if (options.sections.has('engine')) rows.push(...reportEngine());
	if (baseline) rows.push(...(await reportBuilds(baseline, options.grow, options.keep)));
	console.log('');
	console.log(formatSummary(countVerdicts(rows)));
}

try {
	await main();
} catch (error) {
	if (error instanceof UsageError) {
		console.error(`bench: ${error.message}`);
		process.exit(2);
	}
	if (error instanceof BuildError || error instanceof GrowError) {
		console.error(`bench: ${error.message}`);
		process.exit(1);
	}
	console.error('bench: crashed');
	console.error(error);
	process.exit(1);
}
