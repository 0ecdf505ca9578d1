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

/** Accepts a YAML date (parsed or not) and normalises it to `YYYY-MM-DD`. */
export const isoDate = () =>
	z
		.union([z.string(), z.date()])
		.transform((value, ctx) => {
			const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
			if (!/^\d{4}-\d{2}(-\d{2})?$/.test(text)) {
				ctx.addIssue({
					code: 'custom',
					message: `expected a date as YYYY-MM or YYYY-MM-DD, received "${text}"`,
				});
				return z.NEVER;
			}
			return text;
		});

/** A number that must be above zero; the message says which unit was meant. */
export const positive = (unit: string) =>
	z.number({ error: `expected a number in ${unit}` }).positive({
		error: (issue) => `expected a number above 0 (${unit}), received ${String(issue.input)}`,
	});

/** Today as `YYYY-MM-DD`, read once per process so one build agrees with itself. */
const TODAY = new Date().toISOString().slice(0, 10);

/** A date that has already happened: a measurement, a price or a release cannot be in the future. */
export const pastDate = () =>
	isoDate().refine((text) => text <= TODAY, {
		error: (issue) => `expected a date no later than today (${TODAY}), received "${String(issue.input)}"`,
	});
