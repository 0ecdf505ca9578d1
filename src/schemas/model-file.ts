import { z } from 'astro/zod';
import { type RefFactory } from './common.ts';

/** A published file of a model at one quant, with its size as the listing gives it. */
export const makeModelFileSchema = (ref: RefFactory) =>
	z.strictObject({
		/** The model the file holds. */
		model: ref('models'),
		/** The quant (file type) of the file. */
		quant: ref('quants'),
		/** Size of the file (all shards together) in bytes, as listed. */
		sizeBytes: z
			.number({ error: 'expected a size in bytes' })
			.int({ error: 'expected a whole number of bytes' })
			.positive({ error: (i) => `expected a size above 0 bytes, received ${String(i.input)}` }),
		/** A publisher's own variant of the recipe, e.g. "UD" for Unsloth Dynamic; absent for plain llama.cpp files. */
		variant: z.string().optional(),
		/** Repository or file name the size was read from. */
		file: z.string().min(3),
		/** Record that backs the size. */
		source: ref('sources'),
	});
export type ModelFile = z.output<ReturnType<typeof makeModelFileSchema>>;
