import { z } from 'astro/zod';
import { pastDate, positive, type RefFactory } from './common.ts';

/** Runtimes whose memory and speed behave differently enough to tell apart. */
export const RUNTIMES = [
	'llama.cpp',
	'ollama',
	'vllm',
	'mlx',
	'lm-studio',
	'sglang',
	'tensorrt-llm',
	'other',
] as const;

/** How much a figure can be trusted, from a reproducible run down to a claim. */
export const EVIDENCE = ['measured', 'community-reported', 'vendor-claimed'] as const;

/** One speed result: a model at a quant on one or more GPUs, with how it was run. */
export const makeBenchmarkSchema = (ref: RefFactory) =>
	z
		.strictObject({
			/** Model that was run. */
			model: ref('models'),
			/** Quantization of the model file that was run. */
			quant: ref('quants'),
			/** GPUs used; list a card twice for two of them. */
			gpus: z.array(ref('gpus')).min(1, { error: 'expected at least one GPU' }),
			/** Inference engine that ran it. */
			runtime: z.enum(RUNTIMES),
			/** Runtime version or build, when the source gives it. */
			runtimeVersion: z.string().optional(),
			/** Tokens already in the context when decode speed was read; absent when not stated. */
			contextDepth: z.number().int().nonnegative().optional(),
			/** Context size the runtime was started with, in tokens, when stated. */
			contextSize: z.number().int().positive().optional(),
			/** Command-line flags as given by the source. */
			flags: z.string().optional(),
			/** Generation speed, tokens per second (low end when the source gives a range). */
			decodeTps: positive('tokens per second'),
			/** High end of the generation speed when the source gives a range. */
			decodeTpsHigh: positive('tokens per second').optional(),
			/** Prompt processing speed, tokens per second, when known. */
			promptTps: positive('tokens per second').optional(),
			/** Time to the first token in seconds, when the source gives it. */
			ttftSeconds: positive('seconds').optional(),
			/** Day of the run, or of the post that reports it. */
			date: pastDate(),
			/** Record that reports the figures above. */
			source: ref('sources'),
			/** How the figures were obtained: measured, community-reported or vendor-claimed. */
			evidence: z.enum(EVIDENCE),
			/** What the source leaves unclear. */
			notes: z.string().optional(),
		})
		.superRefine((bench, ctx) => {
			// zod runs this even when decodeTps failed its own check; then there is nothing to compare.
			const { decodeTps, decodeTpsHigh } = bench as { decodeTps: unknown; decodeTpsHigh?: unknown };
			if (typeof decodeTps !== 'number' || typeof decodeTpsHigh !== 'number') return;
			if (decodeTpsHigh < decodeTps) {
				ctx.addIssue({
					code: 'custom',
					path: ['decodeTpsHigh'],
					message: `expected decodeTpsHigh to be at least decodeTps (${decodeTps}), received ${decodeTpsHigh}`,
				});
			}
		});
export type Benchmark = z.output<ReturnType<typeof makeBenchmarkSchema>>;
