import { CHROMIUM_FLAGS, DEBIAN_CHROMIUM } from '../chromium.ts';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMedian } from './report.ts';

/** The Lighthouse command line, run with the same Node as the bench. */
const LIGHTHOUSE_CLI = fileURLToPath(
	new URL('../../node_modules/lighthouse/cli/index.js', import.meta.url),
);

/** Chromium used when CHROME_PATH is not set: Debian's package. */
export const DEFAULT_CHROME = DEBIAN_CHROMIUM;

/** Chromium flags: the project's headless set, in Chrome's new headless mode. */
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_FLAGS].join(' ');

/** Categories scored, in report order, with Lighthouse's ids. */
export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** A Lighthouse category id. */
export type CategoryId = (typeof CATEGORIES)[number];

/** Longest one Lighthouse run may take before it is stopped, in milliseconds. */
const RUN_TIMEOUT_MS = 180_000;

/** The parts of a Lighthouse JSON report the bench reads. */
interface LighthouseReport {
	lighthouseVersion: string;
	runtimeError?: { code: string; message: string };
	categories: Record<
		string,
		{ score: number | null; auditRefs: { id: string; weight: number }[] } | undefined
	>;
	audits: Record<
		string,
		| {
				title: string;
				score: number | null;
				scoreDisplayMode: string;
				displayValue?: string;
				details?: unknown;
		  }
		| undefined
	>;
}

/** Lighthouse's figures for one page over several runs. */
export interface PageLighthouse {
	/** Median score of each category, 0 to 100; undefined when no run scored it. */
	medians: Partial<Record<CategoryId, number>>;
	/** Every run's score of each category, 0 to 100, in run order. */
	scores: Record<CategoryId, number[]>;
	/**
	 * For each category, audits that lost points: "title: each run's value (n of N runs)", and
	 * the resources the audit names.
	 */
	failing: Partial<Record<CategoryId, string[]>>;
	/** Runs that produced no report, with the reason. */
	errors: string[];
	/** Lighthouse version that wrote the reports. */
	version?: string | undefined;
}

/** Runs Lighthouse once on a URL; resolves to the report, or rejects with the reason. */
function runOnce(url: string, outputPath: string, chromePath: string): Promise<LighthouseReport> {
	const args = [
		LIGHTHOUSE_CLI,
		url,
		'--output=json',
		`--output-path=${outputPath}`,
		'--quiet',
		`--only-categories=${CATEGORIES.join(',')}`,
		`--chrome-flags=${CHROME_FLAGS}`,
	];
	return new Promise((resolve, reject) => {
		// Asynchronous on purpose: the static server answering Lighthouse runs in this process.
		execFile(
			process.execPath,
			args,
			{
				env: { ...process.env, CHROME_PATH: chromePath },
				timeout: RUN_TIMEOUT_MS,
				// Lighthouse closes Chromium on SIGINT, not on SIGTERM.
				killSignal: 'SIGINT',
				maxBuffer: 16 * 2 ** 20,
			},
			(error, _stdout, stderr) => {
				if (error) {
					const lastLine = String(stderr).trim().split('\n').pop() ?? '';
					reject(new Error(`${error.message.split('\n')[0]} ${lastLine}`.trim()));
					return;
				}
				try {
					resolve(JSON.parse(readFileSync(outputPath, 'utf8')) as LighthouseReport);
				} catch (cause) {
					reject(new Error(`no readable report at ${outputPath}`, { cause }));
				}
			},
		);
	});
}

/** An audit that lost points in one run. */
interface FailingAudit {
	/** The audit's title, e.g. "Total Blocking Time". */
	title: string;
	/** Its figure in that run, e.g. "240 ms"; empty when it has none. */
	value: string;
	/** Paths of the resources it names, e.g. the render-blocking stylesheets. */
	urls: string[];
}

/** Most resource URLs kept per failing audit. */
const MAX_URLS = 3;

/** Reads the URL paths listed in an audit's details table. */
function readUrls(details: unknown): string[] {
	const items = (details as { items?: unknown } | undefined)?.items;
	if (!Array.isArray(items)) return [];
	const urls: string[] = [];
	for (const item of items) {
		const url = (item as { url?: unknown } | null)?.url;
		if (typeof url !== 'string' || !URL.canParse(url)) continue;
		const path = new URL(url).pathname;
		if (!urls.includes(path)) urls.push(path);
	}
	return urls.slice(0, MAX_URLS);
}

/**
 * Lists the audits of a category that lost points in a report. For performance these are the
 * metrics (the only weighted audits) and the insights that flag something.
 */
function listFailingAudits(report: LighthouseReport, category: CategoryId): FailingAudit[] {
	const refs = report.categories[category]?.auditRefs ?? [];
	const failing: FailingAudit[] = [];
	for (const ref of refs) {
		const audit = report.audits[ref.id];
		if (!audit || audit.score === null || audit.score >= 1) continue;
		const scored = ref.weight > 0;
		const flagged = audit.scoreDisplayMode === 'metricSavings' && audit.score < 0.9;
		if (!scored && !flagged) continue;
		failing.push({
			title: `${scored ? '' : '(insight) '}${audit.title}`,
			value: audit.displayValue ?? '',
			urls: readUrls(audit.details),
		});
	}
	return failing;
}

/**
 * Runs Lighthouse (mobile, its default) `runs` times on one URL, one run after another, and
 * keeps each JSON report in `reportDir` as `<name>-<run>.json`.
 */
export async function measureLighthouse(
	url: string,
	name: string,
	runs: number,
	reportDir: string,
	chromePath: string,
): Promise<PageLighthouse> {
	mkdirSync(reportDir, { recursive: true });
	const scores: Record<CategoryId, number[]> = {
		performance: [],
		accessibility: [],
		'best-practices': [],
		seo: [],
	};
	const failingByCategory = new Map<CategoryId, Map<string, FailingAudit[]>>();
	const errors: string[] = [];
	let version: string | undefined;
	let completed = 0;

	for (let run = 1; run <= runs; run++) {
		let report: LighthouseReport;
		try {
			report = await runOnce(url, join(reportDir, `${name}-${run}.json`), chromePath);
		} catch (error) {
			errors.push(`run ${run}: ${error instanceof Error ? error.message : String(error)}`);
			continue;
		}
		completed++;
		version = report.lighthouseVersion;
		if (report.runtimeError) {
			errors.push(`run ${run}: ${report.runtimeError.code} ${report.runtimeError.message}`);
		}
		for (const category of CATEGORIES) {
			const score = report.categories[category]?.score;
			if (typeof score === 'number') scores[category].push(Math.round(score * 100));
			const byTitle = failingByCategory.get(category) ?? new Map<string, FailingAudit[]>();
			for (const audit of listFailingAudits(report, category)) {
				byTitle.set(audit.title, [...(byTitle.get(audit.title) ?? []), audit]);
			}
			failingByCategory.set(category, byTitle);
		}
	}

	const medians: Partial<Record<CategoryId, number>> = {};
	const failing: Partial<Record<CategoryId, string[]>> = {};
	for (const category of CATEGORIES) {
		if (scores[category].length > 0) medians[category] = getMedian(scores[category]);
		const byTitle = [...(failingByCategory.get(category) ?? new Map<string, FailingAudit[]>())];
		if (byTitle.length === 0) continue;
		failing[category] = byTitle.map(([title, audits]) => {
			const values = audits.map((audit) => audit.value).filter((value) => value !== '');
			const figures = values.length > 0 ? `: ${values.join(', ')}` : '';
			const urls = [...new Set(audits.flatMap((audit) => audit.urls))].slice(0, MAX_URLS);
			const where = urls.length > 0 ? `; ${urls.join(' ')}` : '';
			return `${title}${figures} (${audits.length} of ${completed} runs)${where}`;
		});
	}
	return { medians, scores, failing, errors, version };
}

/** Tells whether Lighthouse is installed and Chromium exists; the reason when not. */
export function checkLighthouse(chromePath: string): string | undefined {
	if (!existsSync(LIGHTHOUSE_CLI)) return `Lighthouse is not installed (${LIGHTHOUSE_CLI})`;
	if (!existsSync(chromePath)) return `no Chromium at ${chromePath} (set CHROME_PATH)`;
	return undefined;
}
