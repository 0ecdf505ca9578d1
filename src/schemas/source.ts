import { z } from 'astro/zod';
import { pastDate, type RefFactory } from './common.ts';

/** Where a figure comes from: one record per page, paper, listing or thread. */
export const makeSourceSchema = (ref: RefFactory) =>
	z.strictObject({
		/** Title of the page or document, as its publisher gives it. */
		title: z.string().min(3),
		/** Public address of the page; absent only for a document with none (say so in `backs`). */
		url: z.url({ error: 'expected a full https:// address' }).optional(),
		/** Who published it (a vendor, a person, a site). */
		publisher: z.string().min(2),
		/** What kind of source it is, which tells a reader how far to trust it. */
		kind: z.enum([
			'vendor-spec',
			'model-card',
			'model-config',
			'file-listing',
			'paper',
			'article',
			'forum',
			'price-listing',
			'runtime-source',
		]),
		/** Day the figures were last read from it (YYYY-MM-DD), or from `readVia` when that is set. */
		checked: pastDate('day'),
		/**
		 * The source its figures were read in, when this page itself was not: an article that cites
		 * it, say. Readers then know the figure is relayed, not checked at the origin.
		 */
		readVia: ref('sources').optional(),
		/** One line on what this source backs in the catalog. */
		backs: z.string().min(3),
	});
export type Source = z.output<ReturnType<typeof makeSourceSchema>>;
