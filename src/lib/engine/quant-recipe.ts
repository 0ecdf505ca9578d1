import { GGML_TYPES, type GgmlType } from './ggml-types.ts';
import type { TensorRole, TensorSpec } from './params.ts';

/**
 * llama.cpp file types (quant ids of the catalog) and the ggml type most of their weights get,
 * from llama_ftype_get_default_type() in src/llama-quant.cpp. IQ3_M and IQ3_XS are built on
 * IQ3_S, IQ2_M on IQ2_S, the IQ2_S file type on the IQ2_XS tensor type and Q2_K_S on Q2_K;
 * MXFP4 is llama.cpp's MXFP4_MOE file type.
 */
export const GGUF_DEFAULT_TYPES = {
	f32: 'f32',
	f16: 'f16',
	bf16: 'bf16',
	q8_0: 'q8_0',
	q6_k: 'q6_k',
	q5_k_m: 'q5_k',
	q5_k_s: 'q5_k',
	q5_0: 'q5_0',
	q5_1: 'q5_1',
	q4_k_m: 'q4_k',
	q4_k_s: 'q4_k',
	q4_0: 'q4_0',
	q4_1: 'q4_1',
	q3_k_l: 'q3_k',
	q3_k_m: 'q3_k',
	q3_k_s: 'q3_k',
	q2_k: 'q2_k',
	q2_k_s: 'q2_k',
	iq4_xs: 'iq4_xs',
	iq4_nl: 'iq4_nl',
	iq3_m: 'iq3_s',
	iq3_s: 'iq3_s',
	iq3_xs: 'iq3_s',
	iq3_xxs: 'iq3_xxs',
	iq2_m: 'iq2_s',
	iq2_s: 'iq2_xs',
	iq2_xs: 'iq2_xs',
	iq2_xxs: 'iq2_xxs',
	iq1_m: 'iq1_m',
	iq1_s: 'iq1_s',
	mxfp4: 'mxfp4',
} as const satisfies Record<string, GgmlType>;

/** A llama.cpp file type the recipe knows. */
export type GgufFileType = keyof typeof GGUF_DEFAULT_TYPES;

/** Whether a quant id is a llama.cpp file type. */
export function isGgufFileType(quant: string): quant is GgufFileType {
	return Object.hasOwn(GGUF_DEFAULT_TYPES, quant);
}

/** What the recipe needs to know about the model besides the tensor itself. */
export interface RecipeContext {
	/** Blocks in the file (llama.cpp's n_layer_all), the length of the ffn_down counter. */
	layers: number;
	/** Routed experts per MoE layer, 0 for a dense model. */
	experts: number;
	/** Query heads per key/value head of block 0 (0 when block 0 has no attention heads). */
	gqa: number;
	/** Tensors treated like attn_v (attn_v, attn_qkv), llama.cpp's n_attention_wv. */
	attentionVCount: number;
	/** Whether the file was made with an importance matrix. */
	imatrix: boolean;
	/** Whether the output layer reuses the token embeddings. */
	tiedEmbeddings: boolean;
	/** Whether llama.cpp types the model as 70B (80 dense layers), which bumps attn_v. */
	is70b: boolean;
}

/** The recipe's running counters, as in llama.cpp's quantize_state_impl. */
export interface RecipeCounters {
	/** attn_v-like tensors seen so far. */
	attentionV: number;
	/** ffn_down tensors seen so far. */
	ffnDown: number;
	/** ffn_gate tensors seen so far; only IQ3_XS reads it, so it starts at 0 when absent. */
	ffnGate?: number;
	/** ffn_up tensors seen so far; only IQ3_XS reads it, so it starts at 0 when absent. */
	ffnUp?: number;
}

/** The categories of llama.cpp's tensor_get_category(), by engine tensor role. */
type Category =
	| 'token_embd'
	| 'output'
	| 'attn_q'
	| 'attn_k'
	| 'attn_v'
	| 'attn_output'
	| 'ffn_up'
	| 'ffn_gate'
	| 'ffn_down'
	| 'other';

const CATEGORY_BY_ROLE: Record<TensorRole, Category> = {
	token_embd: 'token_embd',
	output: 'output',
	attn_q: 'attn_q',
	attn_k: 'attn_k',
	// attn_qkv (fused QKV, and Qwen3.5's Gated DeltaNet input projection) is "attn_v-like".
	attn_v: 'attn_v',
	attn_qkv: 'attn_v',
	attn_output: 'attn_output',
	attn_gate: 'other',
	attn_q_a: 'other',
	attn_q_b: 'other',
	attn_kv_a: 'other',
	attn_k_b: 'other',
	attn_v_b: 'other',
	ssm_in: 'other',
	ssm_out: 'other',
	ssm_small: 'other',
	ffn_up: 'ffn_up',
	ffn_gate: 'ffn_gate',
	ffn_down: 'ffn_down',
	router: 'other',
	float: 'other',
};

/** Whether a tensor counts toward llama.cpp's n_attention_wv. */
export function isAttentionVLike(tensor: TensorSpec): boolean {
	return tensor.quantizable && CATEGORY_BY_ROLE[tensor.role] === 'attn_v';
}

/** File types that give the output layer Q5_K instead of Q6_K (llama-quant.cpp). */
const LOW_BIT_OUTPUT = new Set<string>([
	'iq2_xxs',
	'iq2_xs',
	'iq3_xxs',
	'iq1_s',
	'iq2_s',
	'iq2_m',
	'iq1_m',
]);

/** File types handled by llama.cpp's IQ1/IQ2 branch. */
const IQ2_GROUP = new Set<string>(['iq2_xxs', 'iq2_xs', 'iq1_s', 'iq2_s', 'iq2_m', 'iq1_m']);

/** IQ2-branch file types that bump small tensors to IQ3_S rather than Q2_K. */
const IQ2_S_LIKE = new Set<string>(['iq2_s', 'iq2_m']);

/** File types whose token embeddings become Q2_K. */
const Q2_K_EMBEDDINGS = new Set<string>(['iq2_xxs', 'iq2_xs', 'iq1_s', 'iq1_m']);

/** File types whose token embeddings become IQ3_S. */
const IQ3_S_EMBEDDINGS = new Set<string>(['iq2_s', 'iq2_m', 'iq3_xxs']);

/** File types whose attn_output becomes Q5_K on 8-expert models (Mixtral rule). */
const EIGHT_EXPERT_OUTPUT = new Set<string>([
	'q2_k',
	'iq3_xxs',
	'q3_k_s',
	'q3_k_m',
	'iq4_nl',
	'q4_k_s',
	'q4_k_m',
	'iq3_s',
	'iq3_xs',
	'iq3_m',
	'iq4_xs',
]);

/** llama.cpp's use_more_bits(): the first and last eighth of the layers, and every third between. */
export function usesMoreBits(index: number, count: number): boolean {
	const eighth = Math.trunc(count / 8);
	return index < eighth || index >= Math.trunc((7 * count) / 8) || (index - eighth) % 3 === 2;
}

/** Whether a layer sits outside the first and last eighth, where IQ3_XS thins ffn_gate/ffn_up. */
function isMiddleLayer(layer: number, count: number): boolean {
	return layer >= Math.trunc(count / 8) && layer < Math.trunc((7 * count) / 8);
}

/** Type for the output layer (and tied embeddings), from the OUTPUT branch of the recipe. */
function getOutputType(fileType: GgufFileType, rowLength: number, base: GgmlType): GgmlType {
	if (fileType === 'mxfp4') return 'q8_0';
	if (rowLength % GGML_TYPES[base].values !== 0) return 'q8_0';
	if (LOW_BIT_OUTPUT.has(fileType)) return 'q5_k';
	return base === 'q8_0' ? 'q8_0' : 'q6_k';
}

/** attn_v-like tensors: the `category_is_attn_v` branch. */
function getAttentionVType(
	fileType: GgufFileType,
	base: GgmlType,
	context: RecipeContext,
	index: number,
): GgmlType {
	let type = base;
	const wideGqa = context.gqa >= 4;
	if (fileType === 'q2_k') type = wideGqa ? 'q4_k' : 'q3_k';
	else if (fileType === 'q2_k_s' && wideGqa) type = 'q4_k';
	else if (fileType === 'iq3_xxs') type = wideGqa ? 'q4_k' : context.imatrix ? 'iq3_xxs' : 'iq3_s';
	else if ((fileType === 'iq3_xs' || fileType === 'iq3_s') && wideGqa) type = 'q4_k';
	else if (fileType === 'iq3_m') type = 'q4_k';
	else if (fileType === 'q3_k_m') type = index < 2 ? 'q5_k' : 'q4_k';
	else if (fileType === 'q3_k_l') type = 'q5_k';
	else if ((fileType === 'iq4_nl' || fileType === 'iq4_xs') && wideGqa) type = 'q5_k';
	else if ((fileType === 'q4_k_m' || fileType === 'q5_k_m') && usesMoreBits(index, context.attentionVCount)) {
		type = 'q6_k';
	} else if (fileType === 'q4_k_s' && index < 4) type = 'q5_k';
	// 70B models share one attn_v among 8 query heads, so llama.cpp gives it more bits cheaply.
	if (context.is70b && (type === 'q3_k' || type === 'q4_k')) type = 'q5_k';
	if (context.experts === 8) type = 'q8_0';
	return type;
}

/** ffn_down tensors: the FFN_DOWN branch, with the layer index llama.cpp uses. */
function getFfnDownType(
	fileType: GgufFileType,
	base: GgmlType,
	context: RecipeContext,
	layer: number,
): GgmlType {
	const count = context.layers;
	const firstEighth = layer < Math.trunc(count / 8);
	switch (fileType) {
		case 'q2_k':
			return 'q3_k';
		case 'q2_k_s':
			return firstEighth ? 'q4_k' : base;
		case 'iq3_xxs':
			return context.imatrix ? base : firstEighth ? 'q4_k' : 'q3_k';
		case 'q3_k_m':
			return layer < Math.trunc(count / 16) ? 'q5_k' : 'q4_k';
		case 'iq3_m':
			return firstEighth || (context.experts === 8 && usesMoreBits(layer, count)) ? 'q4_k' : base;
		case 'q3_k_l':
			return 'q5_k';
		case 'q4_k_m':
		case 'q5_k_m':
			return usesMoreBits(layer, count) ? 'q6_k' : base;
		case 'iq4_nl':
		case 'iq4_xs':
			return firstEighth && !context.imatrix ? 'q5_k' : base;
		case 'q4_k_s':
			return firstEighth ? 'q5_k' : base;
		case 'q4_0':
			return firstEighth && context.imatrix ? 'q4_1' : base;
		case 'q5_0':
			return firstEighth && context.imatrix ? 'q5_1' : base;
		default:
			return base;
	}
}

/** attn_output tensors: the ATTENTION_OUTPUT branch (non-Falcon models). */
function getAttentionOutputType(fileType: GgufFileType, base: GgmlType, experts: number): GgmlType {
	if (experts === 8) return EIGHT_EXPERT_OUTPUT.has(fileType) ? 'q5_k' : base;
	if (fileType === 'q2_k') return 'q3_k';
	if (fileType === 'iq3_xxs') return 'iq3_s';
	if (fileType === 'q3_k_m' || fileType === 'iq3_m') return 'q4_k';
	if (fileType === 'q3_k_l') return 'q5_k';
	return base;
}

/** The IQ1/IQ2 branch of the recipe. */
function getIq2GroupType(
	fileType: GgufFileType,
	base: GgmlType,
	category: Category,
	context: RecipeContext,
	ffnDownIndex: number,
): GgmlType {
	const bump: GgmlType = IQ2_S_LIKE.has(fileType) ? 'iq3_s' : 'q2_k';
	if (category === 'attn_v') {
		if (context.gqa >= 4 || context.experts >= 4) return 'q4_k';
		return bump;
	}
	if (context.experts === 8 && category === 'attn_k') return 'q4_k';
	if (category === 'ffn_down') {
		return ffnDownIndex < Math.trunc(context.layers / 8) ? bump : base;
	}
	if (category === 'attn_output') {
		if (context.experts === 8) return 'q5_k';
		if (fileType === 'iq1_s' || fileType === 'iq1_m') return 'iq2_xxs';
		if (IQ2_S_LIKE.has(fileType)) return 'iq3_s';
	}
	return base;
}

/**
 * When a row is not a whole number of blocks, llama.cpp falls back to a type with 32-value
 * blocks (tensor_type_fallback), or to F16 when even that does not fit.
 */
function applyFallback(type: GgmlType, rowLength: number): GgmlType {
	if (rowLength % GGML_TYPES[type].values === 0) return type;
	const fallback: Partial<Record<GgmlType, GgmlType>> = {
		iq1_s: 'iq4_nl',
		iq1_m: 'iq4_nl',
		iq2_xxs: 'iq4_nl',
		iq2_xs: 'iq4_nl',
		iq2_s: 'iq4_nl',
		iq3_xxs: 'iq4_nl',
		iq3_s: 'iq4_nl',
		iq4_xs: 'iq4_nl',
		q2_k: 'q4_0',
		q3_k: 'q4_0',
		q4_k: 'q5_0',
		q5_k: 'q5_1',
		q6_k: 'q8_0',
	};
	const next = fallback[type];
	if (next && rowLength % GGML_TYPES[next].values === 0) return next;
	return 'f16';
}

/**
 * The ggml type llama-quantize gives a tensor in a file type, following
 * llama_tensor_get_type_impl() in src/llama-quant.cpp. Tensors must be passed in file order so
 * the counters advance as llama.cpp's do.
 *
 * Simplifications: Falcon-only rules, the ternary and Q1_0/Q2_0 file types (not in the catalog)
 * and manual `--tensor-type` overrides are left out.
 */
export function getTensorType(
	tensor: TensorSpec,
	fileType: GgufFileType,
	context: RecipeContext,
	counters: RecipeCounters,
): GgmlType {
	if (!tensor.quantizable) return 'f32';
	const base: GgmlType = GGUF_DEFAULT_TYPES[fileType];
	// Float file types copy the weights as they are: no mixture applies.
	if (base === 'f32' || base === 'f16' || base === 'bf16') return base;

	const category = CATEGORY_BY_ROLE[tensor.role];
	let type: GgmlType = base;
	if (category === 'output' || (context.tiedEmbeddings && category === 'token_embd')) {
		type = getOutputType(fileType, tensor.rowLength, base);
	} else if (fileType === 'mxfp4') {
		// MXFP4_MOE: expert tensors (3-D) in MXFP4, everything else in Q8_0.
		type = tensor.expert ? 'mxfp4' : 'q8_0';
	} else if (category === 'token_embd') {
		if (Q2_K_EMBEDDINGS.has(fileType)) type = 'q2_k';
		else if (IQ3_S_EMBEDDINGS.has(fileType)) type = 'iq3_s';
	} else if (IQ2_GROUP.has(fileType)) {
		type = getIq2GroupType(fileType, base, category, context, counters.ffnDown);
		if (category === 'attn_v') counters.attentionV++;
		if (category === 'ffn_down') counters.ffnDown++;
	} else if (category === 'attn_v') {
		type = getAttentionVType(fileType, base, context, counters.attentionV);
		counters.attentionV++;
	} else if (category === 'attn_k') {
		if (context.experts === 8) type = 'q8_0';
		else if (fileType === 'iq3_xs') type = 'iq3_xxs';
		else if (fileType === 'iq3_xxs') type = 'iq2_s';
	} else if (category === 'attn_q') {
		if (fileType === 'iq3_xs') type = 'iq3_xxs';
		else if (fileType === 'iq3_xxs') type = 'iq2_s';
	} else if (category === 'ffn_down') {
		// MoE models read the layer from the tensor name; dense ones use the running counter.
		const layer = context.experts > 1 ? tensor.layer : counters.ffnDown;
		type = getFfnDownType(fileType, base, context, layer);
		counters.ffnDown++;
	} else if (category === 'attn_output') {
		type = getAttentionOutputType(fileType, base, context.experts);
	} else if (category === 'ffn_gate' || category === 'ffn_up') {
		const seen = (category === 'ffn_gate' ? counters.ffnGate : counters.ffnUp) ?? 0;
		const layer = context.experts > 1 ? tensor.layer : seen;
		if (fileType === 'iq3_xs' && isMiddleLayer(layer, context.layers)) type = 'iq3_xxs';
		if (category === 'ffn_gate') counters.ffnGate = seen + 1;
		else counters.ffnUp = seen + 1;
	}
	return applyFallback(type, tensor.rowLength);
}
