import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FACTOR } from './grow-catalog.ts';

/** Sections that need no build of their own. */
export const SECTIONS = ['size', 'lighthouse', 'engine'] as const;

/** What `npm run bench` was asked to do. */
export interface BenchOptions {
	/** Build the site first and time it (`--build`, also set by `--grow`). */
	build: boolean;
	/** How many times over to grow the catalog for a second, timed build; undefined: none. */
	grow: number | undefined;
	/** Lighthouse runs per page, the median of which is reported. */
	runs: number;
	/** Sections to run, from SECTIONS. */
	sections: Set<string>;
	/** Built site to measure, as an absolute path or `dist`. */
	dist: string;
	/** Keep the grown catalog and its build instead of deleting them. */
	keep: boolean;
	/** List every file counted. */
	verbose: boolean;
}

/** A wrong argument: printed as one line, exit 2. */
export class UsageError extends Error {}

/** The flags the bench takes; `--grow` takes an optional count, see `toGrowArgs`. */
const OPTION_SPEC = {
	build: { type: 'boolean', default: false },
	grow: { type: 'string' },
	runs: { type: 'string', default: '3' },
	only: { type: 'string' },
	dist: { type: 'string' },
	keep: { type: 'boolean', default: false },
	verbose: { type: 'boolean', default: false },
} as const;

/**
 * Rewrites `--grow [N]` as `--grow=N`, since parseArgs has no option with an optional value: a
 * following word that is not a flag is its count, otherwise DEFAULT_FACTOR.
 */
function toGrowArgs(args: readonly string[]): string[] {
	const out: string[] = [];
	for (let index = 0; index < args.length; index += 1) {
		const arg = args[index]!;
		if (arg !== '--grow') {
			out.push(arg);
			continue;
		}
		const next = args[index + 1];
		if (next !== undefined && !next.startsWith('-')) {
			out.push(`--grow=${next}`);
			index += 1;
		} else {
			out.push(`--grow=${DEFAULT_FACTOR}`);
		}
	}
	return out;
}

/** Reads the bench's command line (without `node` and the script); throws UsageError. */
export function readBenchOptions(args: readonly string[]): BenchOptions {
	if (args.some((arg) => arg === '--factor' || arg.startsWith('--factor='))) {
		throw new UsageError('--factor N is now --grow N');
	}
	let parsed;
	try {
		parsed = parseArgs({ args: toGrowArgs(args), options: OPTION_SPEC });
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error));
	}
	const { values } = parsed;
	const grow = values.grow === undefined ? undefined : Number(values.grow);
	const runs = Number(values.runs);
	if (grow !== undefined && (!Number.isInteger(grow) || grow < 2)) {
		throw new UsageError(`--grow expects a whole number of 2 or more, received "${values.grow}"`);
	}
	if (!Number.isInteger(runs) || runs < 1) {
		throw new UsageError(`--runs expects a whole number of 1 or more, received "${values.runs}"`);
	}
	const only = values.only?.split(',').map((name) => name.trim()) ?? [...SECTIONS];
	const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
	if (unknown.length > 0) {
		throw new UsageError(`--only takes ${SECTIONS.join(', ')}; received ${unknown.join(', ')}`);
	}
	// The grown build is judged per page against the project's own build, so it needs one.
	const build = values.build || grow !== undefined;
	if (build && values.dist) {
		throw new UsageError(`${values.build ? '--build' : '--grow'} writes dist/; drop --dist`);
	}
	if (values.keep && grow === undefined) throw new UsageError('--keep keeps the grown build; add --grow');
	return {
		build,
		grow,
		runs,
		sections: new Set(only),
		// Read before the bench moves to the project folder.
		dist: values.dist === undefined ? 'dist' : resolve(values.dist),
		keep: values.keep,
		verbose: values.verbose,
	};
}
