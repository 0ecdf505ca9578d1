import { z } from 'astro/zod';
import { positive, type RefFactory } from './common.ts';

/** Families of weight formats, grouped the way runtimes treat them. */
export const QUANT_FAMILIES = [
	'float',
	'gguf-legacy',
	'gguf-k-quant',
	'gguf-i-quant',
	'mxfp4',
	'nvfp4',
	'fp8',
] as const;

/** A weight format or a llama.cpp file type (a recipe of tensor types). */
export const makeQuantSchema = (ref: RefFactory) =>
	z.strictObject({
		/** Name as llama.cpp or the publisher writes it, e.g. "Q4_K_M", "NVFP4". */
		name: z.string().min(2),
		/** Which family of formats it belongs to. */
		family: z.enum(QUANT_FAMILIES),
		/** The ggml tensor type most weights are stored in, e.g. "Q4_K" for Q4_K_M. */
		baseType: z.string().min(2),
		/** Bytes in one block of the base type. */
		blockBytes: positive('bytes'),
		/** Values in one block of the base type. */
		blockValues: z.number().int().positive(),
		/** Runtimes that load this format. */
		runtimes: z.array(z.enum(['llama.cpp', 'ollama', 'vllm', 'mlx'])).min(1),
		/**
		 * Hardware that computes in this format natively. Empty for a quantized format that is
		 * dequantised on the fly, and for a float format that is stored as it is.
		 */
		nativeOn: z.array(z.string()).default([]),
		/** What quality a reader gives up, each note with its source. */
		notes: z
			.array(z.object({ text: z.string().min(3), source: ref('sources') }))
			.default([]),
		/** Record that backs the block layout. */
		source: ref('sources'),
	});
export type Quant = z.output<ReturnType<typeof makeQuantSchema>>;
