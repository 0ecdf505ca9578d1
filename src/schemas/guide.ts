import { z } from 'astro/zod';
import { pastDate, type RefFactory } from './common.ts';

/** A guide day: a real `YYYY-MM-DD` no later than today, handed to pages as a Date. */
const guideDay = () => pastDate('day').transform((text) => new Date(text));

/** Shows a day as `YYYY-MM-DD`, the way authors write it. */
const toDay = (date: Date) => date.toISOString().slice(0, 10);

/** Frontmatter of a guide: what the guide index, RSS and Open Graph cards need. */
export const makeGuideSchema = (ref: RefFactory) =>
	z
		.strictObject({
			/** Title as it appears in the page heading and the guide list. */
			title: z.string().min(5),
			/** One-sentence summary for the list, RSS and the Open Graph card. */
			description: z.string().min(20).max(200),
			/** Day the guide was first published, as YYYY-MM-DD. */
			published: guideDay(),
			/** Day the guide was last changed in substance, as YYYY-MM-DD; not before `published`. */
			updated: guideDay(),
			/** Models the guide is about, by catalog id. */
			models: z.array(ref('models')).default([]),
		})
		.superRefine((guide, ctx) => {
			// zod runs this even when a date failed its own check, and then hands over the raw text.
			if (!(guide.published instanceof Date) || !(guide.updated instanceof Date)) return;
			if (guide.updated.getTime() < guide.published.getTime()) {
				ctx.addIssue({
					code: 'custom',
					path: ['updated'],
					message: `expected updated to be no earlier than published (${toDay(guide.published)}), received "${toDay(guide.updated)}"`,
				});
			}
		});
