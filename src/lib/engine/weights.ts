import { getTensorBytes, type GgmlType } from './ggml-types.ts';
import { countParams, listTensors, type TensorSpec } from './params.ts';
import {
	getTensorType,
	isAttentionVLike,
	isGgufFileType,
	type RecipeContext,
	type RecipeCounters,
} from './quant-recipe.ts';
import type { Band, ModelArch, Runtime } from './types.ts';

export { countParams } from './params.ts';

/**
 * How far an estimated file size may sit from the real one. The recipe reproduces
 * llama-quantize's default mixture, but publishers also ship their own mixtures (Unsloth's
 * dynamic quants keep many tensors above the nominal type, which only ever makes files larger)
 * and GGUF metadata (tokenizer, chat template: a few MB) is not counted.
 */
export const WEIGHTS_BAND = { low: 0.97, high: 1.08 } as const;

/** Bytes per value of weights a safetensors checkpoint keeps in BF16. */
const BF16_BYTES = 2;

/** Bytes per value of an FP8 (E4M3) weight; its 128x128 block scales add under 0.03%. */
const FP8_BYTES = 1;

/** Bytes per value of an NVFP4 weight: 4 bits plus one FP8 scale per 16 values (4.5 bits). */
const NVFP4_BYTES = 4.5 / 8;

/** Bytes per value of an MXFP4 weight: 4 bits plus one E8M0 scale per 32 values (4.25 bits). */
const MXFP4_BYTES = 4.25 / 8;

/** Where a model's weight bytes are, part by part (all in bytes). */
export interface WeightPlan {
	/** Quant id. */
	quant: string;
	/** Whether totalBytes is a published file size or the formula's estimate. */
	source: 'published' | 'estimated';
	/** Size of the weights: the published size when known, else the estimate. */
	totalBytes: number;
	/** The formula's own estimate, kept even when a published size wins. */
	estimatedBytes: number;
	/** Range of totalBytes (collapsed to the value when published). */
	band: Band;
	/** Effective bits per weight: totalBytes x 8 / parameters. */
	bitsPerWeight: number;
	/** Token embedding table. */
	tokenEmbdBytes: number;
	/** Separate output layer; 0 when tied to the embeddings. */
	outputBytes: number;
	/** Final norm and other tensors outside the blocks. */
	globalOtherBytes: number;
	/** Per block: everything but the routed experts. */
	layerBytes: number[];
	/** Per block: the routed experts. */
	layerExpertBytes: number[];
	/** Bytes by storage type, for display. */
	bytesByType: Record<string, number>;
	/** Parameters counted from shapes. */
	params: number;
}

/** Options of a weights estimate. */
export interface WeightOptions {
	/** Size of the published file(s), in bytes; wins over the formula. */
	publishedBytes?: number;
	/** Runtime that loads the file; decides between GGUF and safetensors rules. Default llama.cpp. */
	runtime?: Runtime;
	/** Whether the GGUF was made with an importance matrix. Default true (most published i-quants are). */
	imatrix?: boolean;
}

/** Query heads per KV head of block 0, as llama.cpp's hparams.n_gqa() sees it. */
function getRecipeGqa(arch: ModelArch): number {
	const attention = arch.attention;
	if (!attention || attention.mla) return attention ? 1 : 0;
	// Nemotron-H GGUFs store the KV head count per layer, 0 on Mamba and MLP layers, so a file
	// whose first block is not attention reports n_gqa() = 0 (assumption from the converter's
	// per-layer head counts; Qwen3.5 stores one count for all layers).
	if (arch.recurrent?.kind === 'mamba2' && !'FS'.includes(arch.layerKinds[0] ?? '')) return 0;
	return attention.heads / attention.kvHeads;
}

/** Storage type of each tensor under a non-GGUF format, in bytes per value. */
function getSafetensorsBytesPerValue(quant: string, tensor: TensorSpec): number {
	const keepsHighPrecision =
		!tensor.quantizable || tensor.role === 'token_embd' || tensor.role === 'output';
	switch (quant) {
		case 'f32':
			return 4;
		case 'f16':
		case 'bf16':
			return BF16_BYTES;
		case 'fp8':
			return keepsHighPrecision ? BF16_BYTES : FP8_BYTES;
		case 'nvfp4':
			return keepsHighPrecision ? BF16_BYTES : NVFP4_BYTES;
		case 'mxfp4':
			// gpt-oss style checkpoints: routed experts in MXFP4, the rest in BF16.
			return tensor.expert ? MXFP4_BYTES : BF16_BYTES;
		default:
			throw new Error(`unknown quant "${quant}"`);
	}
}

/** Quant ids that only exist as safetensors checkpoints (vLLM, TensorRT-LLM). */
const SAFETENSORS_ONLY = new Set(['fp8', 'nvfp4']);

/** Whether the engine can size a quant id. */
export function isKnownQuant(quant: string): boolean {
	return isGgufFileType(quant) || SAFETENSORS_ONLY.has(quant);
}

/**
 * Sizes a model's weights in a quant and says where the bytes are. A published size wins; the
 * estimate then only apportions it (every part is scaled by published / estimated).
 *
 * GGUF file types follow llama.cpp's recipe tensor by tensor (quant-recipe.ts). FP8 and NVFP4
 * are sized as ModelOpt-style safetensors checkpoints: linear layers in the 8- or 4-bit format,
 * embeddings, output, norms and routers in BF16. Simplification: checkpoints that also keep
 * some linear layers (attention, Mamba projections) in BF16 come out smaller than they are;
 * their published size fixes that. MXFP4 under vLLM or MLX follows gpt-oss: experts in MXFP4,
 * the rest in BF16; under llama.cpp it follows llama.cpp's MXFP4_MOE file type.
 */
export function estimateWeights(arch: ModelArch, quant: string, options: WeightOptions = {}): WeightPlan {
	if (!isKnownQuant(quant)) throw new Error(`unknown quant "${quant}"`);
	const runtime = options.runtime ?? 'llama.cpp';
	const gguf =
		isGgufFileType(quant) &&
		!(quant === 'mxfp4' && (runtime === 'vllm' || runtime === 'mlx')) &&
		!((quant === 'bf16' || quant === 'f16') && runtime === 'vllm');
	const imatrix = options.imatrix ?? true;
	const key = `${quant}|${gguf}|${imatrix}`;
	let byKey = planCache.get(arch);
	if (!byKey) {
		byKey = new Map();
		planCache.set(arch, byKey);
	}
	let plan = byKey.get(key);
	if (!plan) {
		plan = computePlan(arch, quant, gguf, imatrix);
		byKey.set(key, plan);
	}
	return applyPublished(plan, options.publishedBytes);
}

/** Estimated plans by architecture object and quant/format key (architectures are not mutated). */
const planCache = new WeakMap<ModelArch, Map<string, WeightPlan>>();

/** Scales an estimated plan to a published size: every part by published / estimated. */
function applyPublished(plan: WeightPlan, published: number | undefined): WeightPlan {
	if (published === undefined) return plan;
	const scale = plan.estimatedBytes > 0 ? published / plan.estimatedBytes : 1;
	const bytesByType: Record<string, number> = {};
	for (const [type, bytes] of Object.entries(plan.bytesByType)) bytesByType[type] = bytes * scale;
	return {
		...plan,
		source: 'published',
		totalBytes: published,
		band: { value: published, low: published, high: published },
		bitsPerWeight: plan.params > 0 ? (published * 8) / plan.params : 0,
		tokenEmbdBytes: plan.tokenEmbdBytes * scale,
		outputBytes: plan.outputBytes * scale,
		globalOtherBytes: plan.globalOtherBytes * scale,
		layerBytes: plan.layerBytes.map((bytes) => bytes * scale),
		layerExpertBytes: plan.layerExpertBytes.map((bytes) => bytes * scale),
		bytesByType,
	};
}

/** Computes the estimated plan of estimateWeights(). */
function computePlan(arch: ModelArch, quant: string, gguf: boolean, imatrix: boolean): WeightPlan {
	const tensors = listTensors(arch);
	const context: RecipeContext = {
		layers: arch.layers,
		experts: arch.moe?.experts ?? 0,
		gqa: getRecipeGqa(arch),
		attentionVCount: tensors.filter(isAttentionVLike).length,
		imatrix,
		tiedEmbeddings: arch.tiedEmbeddings,
		// llama.cpp sets LLM_TYPE_70B from the layer count (80) for Llama-style dense models.
		is70b: arch.layers === 80 && !arch.moe && !arch.recurrent,
	};
	const counters: RecipeCounters = { attentionV: 0, ffnDown: 0 };

	const layerBytes = new Array<number>(arch.layers).fill(0);
	const layerExpertBytes = new Array<number>(arch.layers).fill(0);
	const bytesByType: Record<string, number> = {};
	let tokenEmbdBytes = 0;
	let outputBytes = 0;
	let globalOtherBytes = 0;
	let estimatedBytes = 0;
	for (const tensor of tensors) {
		let bytes: number;
		let typeName: string;
		if (gguf && isGgufFileType(quant)) {
			const type: GgmlType = getTensorType(tensor, quant, context, counters);
			bytes = getTensorBytes(type, tensor.params, tensor.rowLength);
			typeName = type;
		} else {
			const perValue = getSafetensorsBytesPerValue(quant, tensor);
			bytes = tensor.params * perValue;
			typeName = perValue === BF16_BYTES ? 'bf16' : quant;
		}
		bytesByType[typeName] = (bytesByType[typeName] ?? 0) + bytes;
		estimatedBytes += bytes;
		if (tensor.role === 'token_embd') tokenEmbdBytes += bytes;
		else if (tensor.role === 'output') outputBytes += bytes;
		else if (tensor.layer < 0) globalOtherBytes += bytes;
		else if (tensor.expert) layerExpertBytes[tensor.layer] = (layerExpertBytes[tensor.layer] ?? 0) + bytes;
		else layerBytes[tensor.layer] = (layerBytes[tensor.layer] ?? 0) + bytes;
	}

	const params = countParams(arch).total;
	return {
		quant,
		source: 'estimated',
		totalBytes: estimatedBytes,
		estimatedBytes,
		band: {
			value: estimatedBytes,
			low: estimatedBytes * WEIGHTS_BAND.low,
			high: estimatedBytes * WEIGHTS_BAND.high,
		},
		bitsPerWeight: params > 0 ? (estimatedBytes * 8) / params : 0,
		tokenEmbdBytes,
		outputBytes,
		globalOtherBytes,
		layerBytes,
		layerExpertBytes,
		bytesByType,
		params,
	};
}

/** Effective bits per weight of a quant for a model (file bytes x 8 / parameters). */
export function getBitsPerWeight(arch: ModelArch, quant: string, options: WeightOptions = {}): number {
	return estimateWeights(arch, quant, options).bitsPerWeight;
}
