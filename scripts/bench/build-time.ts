import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { growCatalog, type GrowResult } from './grow-catalog.ts';

/** Astro's and Pagefind's command lines, run with the same Node as the bench. */
const ASTRO_BIN = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));
const PAGEFIND_BIN = fileURLToPath(
	new URL('../../node_modules/pagefind/lib/runner/bin.cjs', import.meta.url),
);

/** One timed build. */
export interface BuildTiming {
	/** What was run, for the report. */
	command: string;
	/** Wall-clock time of the whole build, in milliseconds. */
	ms: number;
	/** HTML pages written (Pagefind's folder not counted). */
	pages: number;
	/** Astro's own "N page(s) built in X" time, in milliseconds, when it printed one. */
	astroMs?: number | undefined;
	/** File the build's output was saved to. */
	log: string;
}

/** A build that exited non-zero: the bench stops on it. */
export class BuildError extends Error {}

/** Runs a command, saving its output to `log`; resolves to its wall time in milliseconds. */
function runTimed(
	command: string,
	args: readonly string[],
	env: NodeJS.ProcessEnv,
	log: string,
): Promise<{ ms: number; output: string }> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' } });
		const chunks: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			const ms = performance.now() - started;
			const output = Buffer.concat(chunks).toString('utf8');
			writeFileSync(log, output);
			if (code === 0) resolve({ ms, output });
			else reject(new BuildError(`${command} ${args.join(' ')} exited ${code}; see ${log}`));
		});
	});
}

/** Counts the HTML files under a build folder, leaving out Pagefind's. */
export function countPages(dist: string): number {
	const entries = readdirSync(dist, { recursive: true, withFileTypes: true });
	return entries.filter(
		(entry) =>
			entry.isFile() &&
			entry.name.endsWith('.html') &&
			!join(entry.parentPath, entry.name).startsWith(join(dist, 'pagefind') + sep),
	).length;
}

/** Reads Astro's "N page(s) built in 950ms | 6.52s | 1m 5s" line; undefined when absent. */
export function readAstroTime(output: string): number | undefined {
	const match = /page\(s\) built in (?:(\d+)m (\d+)s|([\d.]+)(ms|s))/.exec(output);
	if (!match) return undefined;
	if (match[1] !== undefined) return Number(match[1]) * 60_000 + Number(match[2]) * 1000;
	return Number(match[3]) * (match[4] === 'ms' ? 1 : 1000);
}

/** One command of a build: an executable and its arguments. */
export interface BuildStep {
	/** Which tool the step runs, for the name of its log. */
	name: 'astro' | 'pagefind';
	/** The executable: the Node running the bench. */
	command: string;
	/** Its arguments: the tool's script and what it is told. */
	args: string[];
}

/**
 * The steps of a build, the same for the catalog as is and a grown one: `astro build`, then
 * Pagefind on the result, as `npm run build` does, but run with the bench's own Node so neither
 * timing includes npm starting up. `outDir` moves Astro's output; Pagefind indexes `site`.
 */
export function toBuildSteps(site: string, outDir?: string): BuildStep[] {
	const outDirArgs = outDir === undefined ? [] : ['--outDir', outDir];
	return [
		{ name: 'astro', command: process.execPath, args: [ASTRO_BIN, 'build', ...outDirArgs] },
		{ name: 'pagefind', command: process.execPath, args: [PAGEFIND_BIN, '--site', site] },
	];
}

/** Runs a build's steps one after another, each into its log; sums their wall times. */
async function runBuild(
	steps: readonly BuildStep[],
	env: NodeJS.ProcessEnv,
	logs: Readonly<Record<BuildStep['name'], string>>,
): Promise<{ ms: number; astroOutput: string }> {
	let ms = 0;
	let astroOutput = '';
	for (const step of steps) {
		const run = await runTimed(step.command, step.args, env, logs[step.name]);
		ms += run.ms;
		if (step.name === 'astro') astroOutput = run.output;
	}
	return { ms, astroOutput };
}

/**
 * Times the project's build as `npm run build` would run it (`astro build && pagefind --site
 * dist`, writing `dist/`), with the steps run directly like the grown build's.
 */
export async function timeProjectBuild(logDir: string): Promise<BuildTiming> {
	mkdirSync(logDir, { recursive: true });
	const log = join(logDir, 'build.log');
	const { ms, astroOutput } = await runBuild(toBuildSteps('dist'), process.env, {
		astro: log,
		pagefind: join(logDir, 'pagefind.log'),
	});
	return {
		command: 'astro build && pagefind --site dist (node, no npm)',
		ms,
		pages: countPages('dist'),
		astroMs: readAstroTime(astroOutput),
		log,
	};
}

/** A timed build of a grown catalog. */
export interface GrownBuild extends BuildTiming {
	/** What the grown catalog holds. */
	catalog: GrowResult;
	/** Folder of the grown catalog and its build, when kept. */
	kept?: string | undefined;
}

/**
 * Grows the catalog `factor` times into a temporary folder, builds it there with
 * HEADROOM_CONTENT and `--outDir` (then Pagefind, as `npm run build` does), and times the build.
 * The folder is removed afterwards unless `keep` is set.
 */
export async function timeGrownBuild(
	contentDir: string,
	factor: number,
	logDir: string,
	keep: boolean,
): Promise<GrownBuild> {
	mkdirSync(logDir, { recursive: true });
	const work = mkdtempSync(join(tmpdir(), 'headroom-bench-'));
	const content = join(work, 'content');
	const dist = join(work, 'dist');
	const log = join(logDir, `build-x${factor}.log`);
	try {
		const catalog = growCatalog(contentDir, content, factor);
		const env = { ...process.env, HEADROOM_CONTENT: content };
		const { ms, astroOutput } = await runBuild(toBuildSteps(dist, dist), env, {
			astro: log,
			pagefind: join(logDir, `pagefind-x${factor}.log`),
		});
		return {
			command:
				'HEADROOM_CONTENT=<grown> astro build --outDir <tmp> && pagefind --site <tmp> ' +
				'(node, no npm)',
			ms,
			pages: countPages(dist),
			astroMs: readAstroTime(astroOutput),
			log,
			catalog,
			kept: keep ? work : undefined,
		};
	} finally {
		if (!keep) rmSync(work, { recursive: true, force: true });
	}
}
