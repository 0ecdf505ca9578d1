import { z } from 'astro/zod';
import { pastDate, positive, type RefFactory } from './common.ts';
import { expandLayerPattern } from '../lib/layer-pattern.ts';

/**
 * One character per layer, saying what the layer keeps in memory while it runs:
 * F full attention (KV for the whole context), S sliding-window attention (KV for the window),
 * R recurrent (Mamba or Gated DeltaNet: a fixed F32 state), E MoE-only and D dense-MLP-only
 * (no cache at all).
 */
export const LAYER_KINDS = {
	F: 'full attention',
	S: 'sliding-window attention',
	R: 'recurrent',
	E: 'MoE feed-forward only',
	D: 'dense feed-forward only',
} as const;
export type LayerKind = keyof typeof LAYER_KINDS;

const AttentionSchema = z.object({
	/** Query heads per attention layer. */
	heads: z.number().int().positive(),
	/** Key/value heads per attention layer (fewer than heads under grouped-query attention). */
	kvHeads: z.number().int().positive(),
	/** Width of one key head; from `head_dim`, else hidden size / heads. */
	headDim: z.number().int().positive(),
	/** Width of one value head when it differs from the key head. */
	headDimV: z.number().int().positive().optional(),
	/** Tokens a sliding-window layer attends to; required when the pattern has S layers. */
	slidingWindow: z.number().int().positive().optional(),
	/** Multi-head latent attention (DeepSeek style): the cache holds one latent per layer. */
	mla: z
		.object({
			/** `kv_lora_rank`: width of the compressed KV latent. */
			kvLoraRank: z.number().int().positive(),
			/** `qk_rope_head_dim`: width of the rotary part kept beside the latent. */
			qkRopeHeadDim: z.number().int().positive(),
			/**
			 * `q_lora_rank`: width of the compressed query latent, in values; absent when queries use
			 * one plain projection (the config gives null). Sizes the weights, not the cache.
			 */
			qLoraRank: z.number().int().positive().optional(),
		})
		.optional(),
});

const RecurrentSchema = z.object({
	/** Mamba 2 (Nemotron-H, Granite 4, Jamba) or Gated DeltaNet (Qwen3-Next, Qwen3.5/3.6). */
	kind: z.enum(['mamba2', 'gated-deltanet']),
	/** Convolution width, `conv_kernel` / `linear_conv_kernel_dim`. */
	dConv: z.number().int().positive(),
	/** Inner width: Mamba heads x head dim, or value heads x value head dim. */
	dInner: z.number().int().positive(),
	/** State width: `ssm_state_size`, or the key head dim for Gated DeltaNet. */
	dState: z.number().int().positive(),
	/** Groups: `n_groups`, or the number of key heads for Gated DeltaNet. */
	nGroups: z.number().int().positive(),
});

/** An open-weights model and the architecture needed to size it without guessing. */
export const makeModelSchema = (ref: RefFactory) =>
	z
		.strictObject({
			/** Name as its publisher writes it. */
			name: z.string().min(2),
			/** Who released the weights. */
			publisher: z.string().min(2),
			/** Day (or month) the weights were released. */
			releaseDate: pastDate(),
			/** Licence of the weights, e.g. "Apache-2.0", "NVIDIA Open Model License". */
			license: z.string().min(2),
			/** Architecture name from the config, e.g. "NemotronHForCausalLM". */
			architectureName: z.string().min(2),
			/** Total parameters, a count (not billions). */
			totalParams: positive('parameters'),
			/** Parameters used per token, a count; equals total for a dense model. */
			activeParams: positive('parameters'),
			/** Record that backs the parameter counts. */
			paramsSource: ref('sources'),
			/** Number of blocks in the stack. */
			layers: z.number().int().positive(),
			/** What each layer keeps in memory; see LAYER_KINDS. Shorthand `(XY)*N` allowed. */
			layerPattern: z.string().min(1),
			/** Width of the residual stream, `hidden_size`. */
			hiddenSize: z.number().int().positive(),
			/** Attention shape; absent only for a model with no attention layers. */
			attention: AttentionSchema.optional(),
			/** Recurrent state shape; required when the pattern has R layers. */
			recurrent: RecurrentSchema.optional(),
			/** Mixture of experts: routed experts, how many each token uses, shared experts. */
			moe: z
				.object({
					experts: z.number().int().positive(),
					expertsPerToken: z.number().int().positive(),
					sharedExperts: z.number().int().nonnegative().default(0),
					/**
					 * `moe_intermediate_size`: feed-forward width of one routed expert, in values. With it
					 * the engine counts the experts from shapes instead of deriving them from totalParams.
					 */
					expertIntermediateSize: z.number().int().positive().optional(),
					/**
					 * Feed-forward width of all shared experts of a layer together, in values:
					 * `n_shared_experts` x `moe_intermediate_size` (DeepSeek, GLM) or
					 * `shared_expert_intermediate_size` (Qwen). Required with expertIntermediateSize when
					 * sharedExperts is above 0.
					 */
					sharedIntermediateSize: z.number().int().positive().optional(),
					/**
					 * `first_k_dense_replace`: blocks at the start of the stack whose feed-forward is dense
					 * (of width intermediateSize) instead of experts. Absent means none.
					 */
					leadingDenseLayers: z.number().int().positive().optional(),
				})
				.optional(),
			/**
			 * Width of the dense feed-forward in values, the config's `intermediate_size`: of every
			 * block of a dense model, or of a MoE model's leading dense blocks (moe.leadingDenseLayers).
			 * When given, the engine counts the feed-forward from it instead of deriving it from
			 * totalParams, which for a checkpoint with a vision tower or MTP layers counts those too.
			 */
			intermediateSize: z.number().int().positive().optional(),
			/** Tokens in the vocabulary, `vocab_size`. */
			vocabSize: z.number().int().positive(),
			/** Whether the output layer reuses the token embedding table. */
			tiedEmbeddings: z.boolean(),
			/** Longest context the model was trained for, in tokens. */
			maxContext: z.number().int().positive(),
			/**
			 * Record that states maxContext, when that is not the architecture source: a card that
			 * gives a longer context than the config's default, or a shorter one than its position limit.
			 */
			maxContextSource: ref('sources').optional(),
			/** Record that backs the architecture fields (usually its config.json). */
			architectureSource: ref('sources'),
			/** Published quality scores, each with its source. */
			scores: z
				.array(
					z.object({
						/** Benchmark name with its variant, e.g. "LiveCodeBench v6 (2408-2505)". */
						benchmark: z.string().min(2),
						/** Score as published, in percent unless the benchmark says otherwise. */
						value: z.number(),
						source: ref('sources'),
					}),
				)
				.default([]),
			/** Hugging Face page of the weights. */
			huggingFace: z.url(),
			/** Repositories with GGUF files of this model. */
			ggufRepos: z.array(z.url()).default([]),
			/** Tag for `ollama run`, where the Ollama library has one. */
			ollamaTag: z.string().optional(),
			/**
			 * The quant the library tag pulls, when a source says so; without it no page claims the
			 * tag matches a quant, and run commands fetch a GGUF from Hugging Face instead.
			 */
			ollamaTagQuant: ref('quants').optional(),
			/** Record that states which quant the library tag pulls; required with ollamaTagQuant. */
			ollamaTagSource: ref('sources').optional(),
			/**
			 * Checkpoints vLLM loads (safetensors, not GGUF), one per quant, each with the record that
			 * names its format. Run commands print `vllm serve` only for these.
			 */
			vllmCheckpoints: z
				.array(
					z.object({
						/** The format of the checkpoint's weights, e.g. bf16, fp8, nvfp4, mxfp4. */
						quant: ref('quants'),
						/** Hugging Face page of the checkpoint. */
						repo: z.url(),
						/** Record that backs the repository and its format. */
						source: ref('sources'),
					}),
				)
				.default([]),
			/** One or two sentences on what the model is for. */
			summary: z.string().min(10),
			/** What a reader should know that the fields cannot say (borrowed configs, YaRN). */
			notes: z.string().optional(),
		})
		.superRefine((model, ctx) => {
			if (model.activeParams > model.totalParams) {
				ctx.addIssue({
					code: 'custom',
					path: ['activeParams'],
					message: `expected activeParams no larger than totalParams (${model.totalParams}), received ${model.activeParams}`,
				});
			}
			const expanded = expandLayerPattern(model.layerPattern);
			if ('error' in expanded) {
				const found = expanded.error === 'letter' ? `"${expanded.letter}"` : 'too many layers';
				ctx.addIssue({
					code: 'custom',
					path: ['layerPattern'],
					message: `expected only F, S, R, E, D and (group)*N in the layer pattern, found ${found}`,
				});
				return;
			}
			if (expanded.layers.length !== model.layers) {
				ctx.addIssue({
					code: 'custom',
					path: ['layerPattern'],
					message: `expected ${model.layers} layers (the "layers" field), received a pattern of ${expanded.layers.length}`,
				});
			}
			const has = (kind: string) => expanded.layers.includes(kind);
			if ((has('F') || has('S')) && !model.attention) {
				ctx.addIssue({
					code: 'custom',
					path: ['attention'],
					message: 'expected an attention block, since the layer pattern has attention layers',
				});
			}
			if (has('S') && !model.attention?.slidingWindow) {
				ctx.addIssue({
					code: 'custom',
					path: ['attention', 'slidingWindow'],
					message: 'expected a sliding window in tokens, since the layer pattern has S layers',
				});
			}
			if (has('R') && !model.recurrent) {
				ctx.addIssue({
					code: 'custom',
					path: ['recurrent'],
					message: 'expected a recurrent block, since the layer pattern has R layers',
				});
			}
			if (model.ollamaTagQuant && !model.ollamaTag) {
				ctx.addIssue({
					code: 'custom',
					path: ['ollamaTagQuant'],
					message: 'expected an ollamaTag beside ollamaTagQuant (the quant of which tag?), received none',
				});
			}
			if (model.ollamaTagQuant && !model.ollamaTagSource) {
				ctx.addIssue({
					code: 'custom',
					path: ['ollamaTagSource'],
					message: 'expected the id of a source that says which quant the Ollama tag pulls, received none',
				});
			}
			const leadingDense = model.moe?.leadingDenseLayers ?? 0;
			if (model.moe && model.intermediateSize !== undefined && leadingDense === 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['intermediateSize'],
					// Only MoE models without leading dense blocks reach this message.
					message: 'expected no intermediateSize on a MoE model (it gives a dense feed-forward width), received one',
				});
			}
			if (leadingDense > 0 && model.intermediateSize === undefined) {
				ctx.addIssue({
					code: 'custom',
					path: ['intermediateSize'],
					message: `expected the width of the ${leadingDense} leading dense blocks (the config's intermediate_size), received none`,
				});
			}
			if (leadingDense >= model.layers) {
				ctx.addIssue({
					code: 'custom',
					path: ['moe', 'leadingDenseLayers'],
					message: `expected fewer leading dense blocks than the ${model.layers} layers, received ${leadingDense}`,
				});
			}
			if (leadingDense > 0 && model.moe?.expertIntermediateSize === undefined) {
				ctx.addIssue({
					code: 'custom',
					path: ['moe', 'expertIntermediateSize'],
					message: "expected the routed experts' width (moe_intermediate_size) beside moe.leadingDenseLayers, received none",
				});
			}
			const moe = model.moe;
			const sharedMissing = moe?.sharedIntermediateSize === undefined && (moe?.sharedExperts ?? 0) > 0;
			if (moe?.expertIntermediateSize !== undefined && sharedMissing) {
				ctx.addIssue({
					code: 'custom',
					path: ['moe', 'sharedIntermediateSize'],
					message: `expected the width of the ${moe.sharedExperts} shared expert(s) beside moe.expertIntermediateSize, received none`,
				});
			}
			if (moe?.sharedIntermediateSize !== undefined && moe.sharedExperts === 0) {
				ctx.addIssue({
					code: 'custom',
					path: ['moe', 'sharedIntermediateSize'],
					message: 'expected no shared expert width on a model with sharedExperts 0, received one',
				});
			}
			if (model.moe && model.moe.expertsPerToken > model.moe.experts) {
				ctx.addIssue({
					code: 'custom',
					path: ['moe', 'expertsPerToken'],
					message: `expected no more than ${model.moe.experts} experts per token, received ${model.moe.expertsPerToken}`,
				});
			}
		});
export type Model = z.output<ReturnType<typeof makeModelSchema>>;
export type ModelInput = z.input<ReturnType<typeof makeModelSchema>>;
