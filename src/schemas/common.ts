import { z } from 'astro/zod';

/**
 * Makes a field that refers to a record of another collection by id.
 * Astro passes its `reference()`; the stand-alone validator passes a plain id check and
 * resolves the ids itself, so both produce the same record shape: `{ id, collection }`.
 */
export type RefFactory = (collection: CollectionName) => z.ZodType<{ id: string; collection: string }>;

/** Every collection of the catalog, in the order a reader meets them. */
export const COLLECTIONS = [
	'sources',
	'gpus',
	'quants',
	'models',
	'modelFiles',
	'benchmarks',
	'prices',
] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

/** A reference shaped like Astro's, without Astro: for scripts and unit tests. */
export const plainRef: RefFactory = (collection) =>
	z
		.string({ error: `expected the id of a record in "${collection}"` })
		.min(1)
		.transform((id) => ({ id, collection }));

/** Today as `YYYY-MM-DD` (UTC), read once per process so one build agrees with itself. */
export const TODAY = new Date().toISOString().slice(0, 10);

/** The year the build runs in: nothing in the catalog can have gone on sale later. */
export const CURRENT_YEAR = Number(TODAY.slice(0, 4));

/** Number of days in a month (1 to 12) of a year, leap years included. */
function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Says what is wrong with a date written as `YYYY-MM` or `YYYY-MM-DD`, or returns undefined
 * when it is a real one. A day is required when `needsDay` is set.
 */
function findDateProblem(text: string, needsDay: boolean): string | undefined {
	const shape = needsDay ? 'YYYY-MM-DD' : 'YYYY-MM or YYYY-MM-DD';
	const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
	if (!match || (needsDay && match[3] === undefined)) return `expected a date as ${shape}`;
	const year = Number(match[1]);
	const month = Number(match[2]);
	if (month < 1 || month > 12) return 'expected a month from 01 to 12';
	const last = daysInMonth(year, month);
	const day = match[3] === undefined ? 1 : Number(match[3]);
	if (day < 1 || day > last) {
		return `expected a day that exists in ${match[1]}-${match[2]} (01 to ${last})`;
	}
	return undefined;
}

/** How precise a date must be: `month` accepts `YYYY-MM`, `day` requires `YYYY-MM-DD`. */
export type DatePrecision = 'month' | 'day';

/**
 * Accepts a YAML date (parsed or not) that exists on the calendar and normalises it to
 * `YYYY-MM-DD`, or `YYYY-MM` when only the month is known and `precision` allows it.
 */
export const isoDate = (precision: DatePrecision = 'month') =>
	z
		.union([z.string(), z.date()])
		.transform((value, ctx) => {
			const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
			const problem = findDateProblem(text, precision === 'day');
			if (problem !== undefined) {
				ctx.addIssue({ code: 'custom', message: `${problem}, received "${text}"` });
				return z.NEVER;
			}
			return text;
		});

/** A date that has already happened: a measurement, a price or a release cannot be in the future. */
export const pastDate = (precision: DatePrecision = 'month') =>
	isoDate(precision).refine((text) => text <= TODAY, {
		error: (issue) => `expected a date no later than today (${TODAY}), received "${String(issue.input)}"`,
	});

/** A number that must be above zero; the message says which unit was meant. */
export const positive = (unit: string) =>
	z.number({ error: `expected a number in ${unit}` }).positive({
		error: (issue) => `expected a number above 0 (${unit}), received ${String(issue.input)}`,
	});
