import { z } from 'astro/zod';
import { CURRENT_YEAR, positive, type RefFactory } from './common.ts';

/** Earliest release year the catalog accepts; an older year is taken for a typo. */
export const FIRST_RELEASE_YEAR = 2015;

/** Kinds of device, which decide how much of the memory a runtime may use. */
export const GPU_KINDS = [
	'consumer',
	'workstation',
	'datacenter',
	'apple-unified',
	'unified',
] as const;

/** A graphics card, accelerator or unified-memory machine. */
export const makeGpuSchema = (ref: RefFactory) =>
	z.strictObject({
		/** Maker of the chip: NVIDIA, AMD, Apple, Intel. */
		vendor: z.enum(['NVIDIA', 'AMD', 'Apple', 'Intel']),
		/** Marketing name without the vendor, e.g. "GeForce RTX 3090". */
		name: z.string().min(2),
		/** Short name readers use, e.g. "RTX 3090". */
		shortName: z.string().min(2),
		/** Memory the device has, in GiB (vendors' "24 GB" of VRAM is 24 GiB). */
		memoryGiB: positive('GiB'),
		/** Memory technology, e.g. GDDR6X, HBM3, LPDDR5X. */
		memoryType: z.string().min(3),
		/** Peak memory bandwidth in GB/s (decimal), from the vendor's specification. */
		bandwidthGBps: positive('GB/s'),
		/** GPU architecture, e.g. Ampere, Ada Lovelace, Blackwell, RDNA 4, M4. */
		architecture: z.string().min(2),
		/** Whether the tensor cores run FP8 natively. */
		fp8: z.boolean(),
		/** Whether the tensor cores run 4-bit floating point (NVFP4/MXFP4) natively. */
		fp4: z.boolean(),
		/** Total board power (or the machine's typical load power for unified-memory boxes), in watts. */
		boardPowerW: positive('W'),
		/** Consumer card, workstation card, datacenter part or unified-memory machine. */
		kind: z.enum(GPU_KINDS),
		/** Year it went on sale, no later than the year the build runs. */
		releaseYear: z
			.number({ error: 'expected a year as a number' })
			.int({ error: (issue) => `expected a whole year, received ${String(issue.input)}` })
			.min(FIRST_RELEASE_YEAR, {
				error: (issue) =>
					`expected a year from ${FIRST_RELEASE_YEAR} on, received ${String(issue.input)}`,
			})
			.max(CURRENT_YEAR, {
				error: (issue) =>
					`expected a year no later than the current one (${CURRENT_YEAR}), received ${String(issue.input)}`,
			}),
		/** Record that backs the figures above. */
		source: ref('sources'),
		/** Record that backs the power figure, when it is not the spec source. */
		powerSource: ref('sources').optional(),
		/** Anything a reader should know that the fields cannot say. */
		notes: z.string().optional(),
	});
export type Gpu = z.output<ReturnType<typeof makeGpuSchema>>;
