import { countParams } from './params.ts';
import {
	MAX_LAYERS,
	type AttentionArch,
	type FfnArch,
	type ModelArch,
	type MoeArch,
	type RecurrentArch,
} from './types.ts';

/** Largest config the importer reads, in bytes (real config.json files are a few KB). */
export const MAX_CONFIG_BYTES = 512 * 1024;

/** Deepest nesting the importer accepts (real configs nest three or four levels). */
export const MAX_CONFIG_DEPTH = 20;

/**
 * Largest count the importer reads from any field. Above it JSON numbers are no longer exact,
 * and the products the parameter count takes (experts x width x layers) could stop being finite.
 */
export const MAX_CONFIG_COUNT = Number.MAX_SAFE_INTEGER;

/** Result of an import: an architecture with warnings, or one message saying what is wrong. */
export type HfImportResult =
	| { ok: true; arch: ModelArch; warnings: string[] }
	| { ok: false; error: string };

/** A config object (or a nested part of one). */
type Config = Record<string, unknown>;

/** Raised inside the importer and turned into `{ ok: false }`; never leaves this module. */
class ConfigProblem extends Error {}

/**
 * Architecture families the importer knows, by `model_type`. A Map, so that a model_type such as
 * "constructor" finds nothing instead of a property of Object.prototype.
 */
const FAMILIES: ReadonlyMap<string, string> = toMap({
	llama: 'dense',
	mistral: 'mistral',
	qwen2: 'qwen2',
	qwen3: 'dense',
	phi3: 'phi3',
	qwen3_moe: 'qwen3-moe',
	qwen3_next: 'qwen-hybrid',
	qwen3_5: 'qwen-hybrid',
	qwen3_5_text: 'qwen-hybrid',
	qwen3_5_moe: 'qwen-hybrid',
	qwen3_5_moe_text: 'qwen-hybrid',
	gemma3: 'gemma3',
	gemma3_text: 'gemma3',
	gpt_oss: 'gpt-oss',
	deepseek_v3: 'deepseek',
	kimi_k2: 'deepseek',
	glm4_moe_lite: 'deepseek',
	nemotron_h: 'nemotron-h',
	glm4_moe: 'glm4-moe',
});

/** Families by the first `architectures` entry, for configs without a known model_type. */
const FAMILIES_BY_CLASS: ReadonlyMap<string, string> = toMap({
	LlamaForCausalLM: 'llama',
	MistralForCausalLM: 'mistral',
	Qwen2ForCausalLM: 'qwen2',
	Qwen3ForCausalLM: 'qwen3',
	Qwen3MoeForCausalLM: 'qwen3_moe',
	Qwen3NextForCausalLM: 'qwen3_next',
	Qwen3_5ForCausalLM: 'qwen3_5',
	Qwen3_5ForConditionalGeneration: 'qwen3_5',
	Qwen3_5MoeForCausalLM: 'qwen3_5_moe',
	Qwen3_5MoeForConditionalGeneration: 'qwen3_5_moe',
	Phi3ForCausalLM: 'phi3',
	Gemma3ForCausalLM: 'gemma3_text',
	Gemma3ForConditionalGeneration: 'gemma3',
	GptOssForCausalLM: 'gpt_oss',
	DeepseekV3ForCausalLM: 'deepseek_v3',
	NemotronHForCausalLM: 'nemotron_h',
	Glm4MoeForCausalLM: 'glm4_moe',
	Glm4MoeLiteForCausalLM: 'glm4_moe_lite',
});

/** Builds a lookup table from an object literal; only its own keys become entries. */
function toMap(entries: Record<string, string>): ReadonlyMap<string, string> {
	return new Map(Object.entries(entries));
}

/** Checks size and nesting before anything else is read. */
function checkShape(value: unknown): void {
	const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
	while (stack.length > 0) {
		const { value: current, depth } = stack.pop()!;
		if (typeof current !== 'object' || current === null) continue;
		if (depth > MAX_CONFIG_DEPTH) {
			throw new ConfigProblem(
				`the config nests deeper than ${MAX_CONFIG_DEPTH} levels; a config.json is a flat object with a few nested blocks`,
			);
		}
		for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
	}
}

/** Parses the input (a JSON string or an already parsed value) into a config object. */
function parseInput(input: unknown): Config {
	let value = input;
	if (typeof input === 'string') {
		if (input.length > MAX_CONFIG_BYTES) {
			throw new ConfigProblem(
				`the config is ${input.length} bytes; the importer reads at most ${MAX_CONFIG_BYTES} (512 KB), and a config.json is a few KB`,
			);
		}
		try {
			value = JSON.parse(input);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw new ConfigProblem(`the config is not valid JSON: ${reason}`);
		}
	} else {
		let text: string | undefined;
		try {
			text = JSON.stringify(input);
		} catch {
			throw new ConfigProblem('the config cannot be read as JSON (it has cycles or values JSON cannot hold)');
		}
		if (text !== undefined && text.length > MAX_CONFIG_BYTES) {
			throw new ConfigProblem(
				`the config is ${text.length} bytes as JSON; the importer reads at most ${MAX_CONFIG_BYTES} (512 KB)`,
			);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ConfigProblem(`expected a JSON object (the contents of config.json), received ${describe(value)}`);
	}
	checkShape(value);
	return value as Config;
}

/** A short description of a value for messages. */
function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
	if (typeof value === 'object') return 'an object';
	return String(value);
}

/** Reads fields of one config block, naming the block in messages. */
class Reader {
	/** The block being read. */
	readonly config: Config;
	/** How messages name the block, e.g. "text_config". */
	readonly where: string;

	constructor(config: Config, where: string) {
		this.config = config;
		this.where = where;
	}

	has(key: string): boolean {
		return this.config[key] !== undefined && this.config[key] !== null;
	}

	/**
	 * A positive integer field of at most `max`; throws a message naming it when missing or wrong.
	 * The fallback, when given, is returned as it is.
	 */
	int(key: string, fallback?: number, max = MAX_CONFIG_COUNT): number {
		const value = this.config[key];
		if (value === undefined || value === null) {
			if (fallback !== undefined) return fallback;
			throw new ConfigProblem(`missing "${key}" in ${this.where}`);
		}
		if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
			throw new ConfigProblem(`"${key}" in ${this.where} must be a positive integer, received ${describe(value)}`);
		}
		if (value > max) {
			throw new ConfigProblem(
				`"${key}" in ${this.where} must be a positive integer of at most ${max}, received ${describe(value)}`,
			);
		}
		return value;
	}

	/** A non-negative integer field of at most MAX_CONFIG_COUNT. */
	count(key: string, fallback: number): number {
		const value = this.config[key];
		if (value === undefined || value === null) return fallback;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
			throw new ConfigProblem(`"${key}" in ${this.where} must be a whole number, received ${describe(value)}`);
		}
		if (value > MAX_CONFIG_COUNT) {
			throw new ConfigProblem(
				`"${key}" in ${this.where} must be a whole number of at most ${MAX_CONFIG_COUNT}, received ${describe(value)}`,
			);
		}
		return value;
	}

	bool(key: string, fallback: boolean): boolean {
		const value = this.config[key];
		if (value === undefined || value === null) return fallback;
		if (typeof value !== 'boolean') {
			throw new ConfigProblem(`"${key}" in ${this.where} must be true or false, received ${describe(value)}`);
		}
		return value;
	}

	string(key: string): string | undefined {
		const value = this.config[key];
		if (value === undefined || value === null) return undefined;
		if (typeof value !== 'string') {
			throw new ConfigProblem(`"${key}" in ${this.where} must be a string, received ${describe(value)}`);
		}
		return value;
	}

	/** A list of strings, or undefined; a message names the first entry that is not a string. */
	strings(key: string): string[] | undefined {
		return this.list(key, 'strings', (item) => typeof item === 'string') as string[] | undefined;
	}

	/** A list of integers, or undefined; a message names the first entry that is not one. */
	ints(key: string): number[] | undefined {
		const isInteger = (item: unknown) => typeof item === 'number' && Number.isInteger(item);
		return this.list(key, 'integers', isInteger) as number[] | undefined;
	}

	/** A list whose every entry passes `check`, or undefined when the field is absent. */
	private list(key: string, what: string, check: (item: unknown) => boolean): unknown[] | undefined {
		const value = this.config[key];
		if (value === undefined || value === null) return undefined;
		if (!Array.isArray(value)) {
			throw new ConfigProblem(`"${key}" in ${this.where} must be a list of ${what}, received ${describe(value)}`);
		}
		const bad = value.findIndex((item) => !check(item));
		if (bad >= 0) {
			throw new ConfigProblem(
				`"${key}" in ${this.where} must be a list of ${what}, received ${describe(value[bad])} at position ${bad}`,
			);
		}
		return value;
	}
}

/** The block holding the language model: `text_config` when present (multimodal wrappers), else the root. */
function getTextBlock(root: Config): { reader: Reader; nested: boolean } {
	const text = root.text_config;
	if (text !== undefined && text !== null) {
		if (typeof text !== 'object' || Array.isArray(text)) {
			throw new ConfigProblem(`"text_config" must be an object, received ${describe(text)}`);
		}
		return { reader: new Reader(text as Config, 'text_config'), nested: true };
	}
	return { reader: new Reader(root, 'the config'), nested: false };
}

/** Decides the family from model_type (text block first, then root) or the architecture class. */
function getModelType(root: Config, text: Reader): string {
	const rootReader = new Reader(root, 'the config');
	const candidates = [text.string('model_type'), rootReader.string('model_type')];
	for (const candidate of candidates) {
		if (candidate !== undefined && FAMILIES.has(candidate)) return candidate;
	}
	const classes = rootReader.strings('architectures') ?? [];
	for (const name of classes) {
		const type = FAMILIES_BY_CLASS.get(name);
		if (type) return type;
	}
	const named = candidates.find((candidate) => candidate !== undefined);
	if (named || classes.length > 0) {
		const what = [named ? `model_type "${named}"` : '', classes.length > 0 ? `architectures ${JSON.stringify(classes)}` : '']
			.filter(Boolean)
			.join(' and ');
		throw new ConfigProblem(
			`unknown architecture: ${what} is not one the importer knows (Llama, Mistral, Qwen2/2.5, Qwen3, Qwen3-MoE, Qwen3.5/3.6, Gemma 3, gpt-oss, DeepSeek V3, Nemotron-H, Phi-3/Phi-4, GLM-4 MoE, GLM-4.7-Flash)`,
		);
	}
	throw new ConfigProblem('missing "model_type" and "architectures": the importer cannot tell which architecture this is');
}

/** Standard grouped-query attention block from the usual fields. */
function readAttention(text: Reader, hidden: number): AttentionArch {
	const heads = text.int('num_attention_heads');
	const kvHeads = text.int('num_key_value_heads', heads);
	if (heads % kvHeads !== 0) {
		throw new ConfigProblem(
			`"num_key_value_heads" (${kvHeads}) in ${text.where} must divide "num_attention_heads" (${heads})`,
		);
	}
	const headDim = text.int('head_dim', Math.floor(hidden / heads));
	return { heads, kvHeads, headDim };
}

/**
 * Checks the length of a per-layer list or pattern against the layer count, before the list is
 * expanded, so a long list costs nothing.
 */
function checkLength(length: number, layers: number, field: string, where: string): void {
	if (length !== layers) {
		throw new ConfigProblem(`"${field}" in ${where} describes ${length} layers, but "num_hidden_layers" is ${layers}`);
	}
}

/** Maps `layer_types` entries to layer kinds. */
function readLayerTypes(text: Reader, layers: number): string | undefined {
	const types = text.strings('layer_types');
	if (!types) return undefined;
	checkLength(types.length, layers, 'layer_types', text.where);
	return types
		.map((type) => {
			if (type === 'full_attention') return 'F';
			if (type === 'sliding_attention') return 'S';
			if (type === 'linear_attention') return 'R';
			throw new ConfigProblem(`"layer_types" in ${text.where} has an unknown entry ${describe(type)}`);
		})
		.join('');
}

/** What one family reader returns; the common code adds the rest. */
interface FamilyShape {
	layerKinds: string;
	attention?: AttentionArch;
	recurrent?: RecurrentArch;
	moe?: MoeArch;
	ffn: FfnArch;
	tiedDefault: boolean;
	mtpLayers?: number;
}

/** Dense feed-forward on every layer. */
function denseFfn(text: Reader, layers: number, gated = true): FfnArch {
	return { kinds: 'D'.repeat(layers), denseSize: text.int('intermediate_size'), expertSize: 0, sharedSize: 0, gated };
}

/** Llama, Qwen3 dense and other plain GQA transformers. */
function readDense(text: Reader, hidden: number, layers: number): FamilyShape {
	const attention = readAttention(text, hidden);
	if (text.bool('attention_bias', false)) attention.bias = true;
	return { layerKinds: 'F'.repeat(layers), attention, ffn: denseFfn(text, layers), tiedDefault: false };
}

/** Mistral: a declared sliding window is ignored by llama.cpp (converted as a plain Llama). */
function readMistral(text: Reader, hidden: number, layers: number, warnings: string[]): FamilyShape {
	const shape = readDense(text, hidden, layers);
	if (text.has('sliding_window')) {
		warnings.push(
			`The config declares a sliding window of ${String(text.config.sliding_window)} tokens; llama.cpp runs Mistral as a plain Llama without it, so every layer keeps the full context.`,
		);
	}
	return shape;
}

/** Qwen2/2.5: the sliding window only applies when use_sliding_window is true. */
function readQwen2(text: Reader, hidden: number, layers: number, warnings: string[]): FamilyShape {
	const shape = readDense(text, hidden, layers);
	// Qwen2 projects q, k and v with biases.
	if (shape.attention) shape.attention.bias = true;
	if (text.bool('use_sliding_window', false)) {
		warnings.push('use_sliding_window is true, but llama.cpp does not run Qwen2 with a sliding window; every layer keeps the full context.');
	}
	return shape;
}

/** Phi-3/Phi-4: fused qkv and gate_up projections; a window at or above the context is no window. */
function readPhi3(text: Reader, hidden: number, layers: number, maxContext: number): FamilyShape {
	const attention = readAttention(text, hidden);
	attention.fusedQkv = true;
	const ffn = denseFfn(text, layers);
	ffn.fusedGateUp = true;
	const window = text.count('sliding_window', 0);
	let layerKinds = 'F'.repeat(layers);
	if (window > 0 && window < maxContext) {
		attention.slidingWindow = window;
		layerKinds = 'S'.repeat(layers);
	}
	return { layerKinds, attention, ffn, tiedDefault: false };
}

/** Qwen3 MoE: experts on every decoder_sparse_step-th layer except mlp_only_layers. */
function readQwen3Moe(text: Reader, hidden: number, layers: number): FamilyShape {
	const attention = readAttention(text, hidden);
	const experts = text.int('num_experts');
	const moe: MoeArch = { experts, expertsPerToken: text.int('num_experts_per_tok'), sharedExperts: 0 };
	const step = text.int('decoder_sparse_step', 1);
	const mlpOnly = new Set(text.ints('mlp_only_layers') ?? []);
	let kinds = '';
	for (let layer = 0; layer < layers; layer++) {
		kinds += !mlpOnly.has(layer) && (layer + 1) % step === 0 ? 'M' : 'D';
	}
	const sharedSize = text.count('shared_expert_intermediate_size', 0);
	if (sharedSize > 0) moe.sharedExperts = 1;
	const ffn: FfnArch = {
		kinds,
		denseSize: kinds.includes('D') ? text.int('intermediate_size') : 0,
		expertSize: text.int('moe_intermediate_size'),
		sharedSize,
		gated: true,
	};
	return { layerKinds: 'F'.repeat(layers), attention, moe, ffn, tiedDefault: false };
}

/** Qwen3-Next and Qwen3.5/3.6: Gated DeltaNet layers with full attention every few layers. */
function readQwenHybrid(text: Reader, hidden: number, layers: number): FamilyShape {
	let layerKinds = readLayerTypes(text, layers);
	if (!layerKinds) {
		const interval = text.int('full_attention_interval', 4);
		layerKinds = '';
		for (let layer = 0; layer < layers; layer++) layerKinds += (layer + 1) % interval === 0 ? 'F' : 'R';
	}
	const attention = readAttention(text, hidden);
	if (text.bool('attn_output_gate', true)) attention.outputGate = true;
	const valueHeads = text.int('linear_num_value_heads');
	const recurrent: RecurrentArch = {
		kind: 'gated-deltanet',
		dConv: text.int('linear_conv_kernel_dim'),
		dInner: valueHeads * text.int('linear_value_head_dim'),
		dState: text.int('linear_key_head_dim'),
		nGroups: text.int('linear_num_key_heads'),
		heads: valueHeads,
	};
	const mtp = text.count('mtp_num_hidden_layers', 0);
	const shape: FamilyShape = {
		layerKinds,
		attention,
		recurrent,
		ffn: text.has('num_experts')
			? { kinds: '', denseSize: 0, expertSize: 0, sharedSize: 0, gated: true }
			: denseFfn(text, layers, true),
		tiedDefault: false,
	};
	if (mtp > 0) shape.mtpLayers = mtp;
	if (text.has('num_experts')) {
		const sharedSize = text.count('shared_expert_intermediate_size', 0);
		shape.moe = {
			experts: text.int('num_experts'),
			expertsPerToken: text.int('num_experts_per_tok'),
			sharedExperts: sharedSize > 0 ? 1 : 0,
		};
		const mlpOnly = new Set(text.ints('mlp_only_layers') ?? []);
		const kinds = [...layerKinds].map((_, layer) => (mlpOnly.has(layer) ? 'D' : 'M')).join('');
		shape.ffn = {
			kinds,
			denseSize: kinds.includes('D') ? text.int('intermediate_size') : 0,
			expertSize: text.int('moe_intermediate_size'),
			sharedSize,
			gated: true,
		};
	}
	return shape;
}

/** Gemma 3: five sliding layers for each global one, from layer_types or sliding_window_pattern. */
function readGemma3(text: Reader, hidden: number, layers: number): FamilyShape {
	const attention = readAttention(text, hidden);
	attention.slidingWindow = text.int('sliding_window');
	let layerKinds = readLayerTypes(text, layers);
	if (!layerKinds) {
		// transformers: a layer slides unless (index + 1) is a multiple of the pattern.
		const pattern = text.int('sliding_window_pattern', 6);
		layerKinds = '';
		for (let layer = 0; layer < layers; layer++) layerKinds += (layer + 1) % pattern === 0 ? 'F' : 'S';
	}
	return { layerKinds, attention, ffn: denseFfn(text, layers, true), tiedDefault: true };
}

/** gpt-oss: alternating sliding and full layers, every layer MoE. */
function readGptOss(text: Reader, hidden: number, layers: number): FamilyShape {
	const attention = readAttention(text, hidden);
	attention.bias = text.bool('attention_bias', true);
	attention.slidingWindow = text.int('sliding_window');
	let layerKinds = readLayerTypes(text, layers);
	if (!layerKinds) layerKinds = [...'S'.repeat(layers)].map((_, layer) => (layer % 2 === 0 ? 'S' : 'F')).join('');
	const experts = text.int('num_local_experts');
	const perToken = text.has('num_experts_per_tok') ? text.int('num_experts_per_tok') : text.int('experts_per_token');
	return {
		layerKinds,
		attention,
		moe: { experts, expertsPerToken: perToken, sharedExperts: 0 },
		ffn: { kinds: 'M'.repeat(layers), denseSize: 0, expertSize: text.int('intermediate_size'), sharedSize: 0, gated: true },
		tiedDefault: false,
	};
}

/** MoE layers after the first `first_k_dense_replace` dense ones, every `moe_layer_freq`-th. */
function readDeepSeekStyleFfn(text: Reader, layers: number, moe: MoeArch): FfnArch {
	const firstDense = text.count('first_k_dense_replace', 0);
	const frequency = text.int('moe_layer_freq', 1);
	let kinds = '';
	for (let layer = 0; layer < layers; layer++) kinds += layer >= firstDense && layer % frequency === 0 ? 'M' : 'D';
	return {
		kinds,
		denseSize: kinds.includes('D') ? text.int('intermediate_size') : 0,
		expertSize: text.int('moe_intermediate_size'),
		sharedSize: moe.sharedExperts * text.int('moe_intermediate_size'),
		gated: true,
	};
}

/** DeepSeek V3, Kimi K2, GLM-4.7-Flash: multi-head latent attention and DeepSeek MoE. */
function readDeepSeek(text: Reader, layers: number): FamilyShape {
	const heads = text.int('num_attention_heads');
	const rope = text.int('qk_rope_head_dim');
	const nope = text.int('qk_nope_head_dim');
	const headV = text.int('v_head_dim');
	const attention: AttentionArch = {
		heads,
		kvHeads: text.int('num_key_value_heads', heads),
		headDim: nope + rope,
		headDimV: headV,
		mla: { kvLoraRank: text.int('kv_lora_rank'), qkRopeHeadDim: rope, qkNopeHeadDim: nope, vHeadDim: headV },
	};
	const qLora = text.count('q_lora_rank', 0);
	if (qLora > 0 && attention.mla) attention.mla.qLoraRank = qLora;
	return readDeepSeekStyleMoeShape(text, layers, attention);
}

/** GLM-4.5/4.6 (glm4_moe): GQA attention with biases and DeepSeek-style MoE. */
function readGlm4Moe(text: Reader, hidden: number, layers: number): FamilyShape {
	const attention = readAttention(text, hidden);
	if (text.bool('attention_bias', false)) attention.bias = true;
	return readDeepSeekStyleMoeShape(text, layers, attention);
}

/**
 * The part DeepSeek V3 and GLM-4.5/4.6 share: every layer attends, routed and shared experts
 * (the first layers dense), and optional multi-token-prediction layers that hold no KV.
 */
function readDeepSeekStyleMoeShape(text: Reader, layers: number, attention: AttentionArch): FamilyShape {
	const moe: MoeArch = {
		experts: text.int('n_routed_experts'),
		expertsPerToken: text.int('num_experts_per_tok'),
		sharedExperts: text.count('n_shared_experts', 0),
	};
	const shape: FamilyShape = {
		layerKinds: 'F'.repeat(layers),
		attention,
		moe,
		ffn: readDeepSeekStyleFfn(text, layers, moe),
		tiedDefault: false,
	};
	const mtp = text.count('num_nextn_predict_layers', 0);
	if (mtp > 0) shape.mtpLayers = mtp;
	return shape;
}

/** Nemotron-H: `hybrid_override_pattern` of M (Mamba 2), * (attention), E (MoE), - (MLP). */
function readNemotronH(text: Reader, hidden: number, layers: number): FamilyShape {
	const pattern = text.string('hybrid_override_pattern');
	if (!pattern) throw new ConfigProblem(`missing "hybrid_override_pattern" in ${text.where}`);
	const map = toMap({ M: 'R', '*': 'F', E: 'E', '-': 'D' });
	const chars = [...pattern];
	checkLength(chars.length, layers, 'hybrid_override_pattern', text.where);
	const layerKinds = chars
		.map((char) => {
			const kind = map.get(char);
			if (!kind) throw new ConfigProblem(`"hybrid_override_pattern" in ${text.where} has an unknown layer "${char}"`);
			return kind;
		})
		.join('');
	const mambaHeads = text.int('mamba_num_heads');
	const recurrent: RecurrentArch = {
		kind: 'mamba2',
		dConv: text.int('conv_kernel'),
		dInner: mambaHeads * text.int('mamba_head_dim'),
		dState: text.int('ssm_state_size'),
		nGroups: text.int('n_groups'),
		heads: mambaHeads,
	};
	const gated = (text.string('mlp_hidden_act') ?? 'relu2') !== 'relu2';
	const ffnKinds = [...layerKinds].map((kind) => (kind === 'E' ? 'M' : kind === 'D' ? 'D' : '-')).join('');
	const shape: FamilyShape = {
		layerKinds,
		attention: readAttention(text, hidden),
		recurrent,
		ffn: { kinds: ffnKinds, denseSize: 0, expertSize: 0, sharedSize: 0, gated },
		tiedDefault: false,
	};
	if (ffnKinds.includes('D')) shape.ffn.denseSize = text.int('intermediate_size');
	if (ffnKinds.includes('M')) {
		const shared = text.count('n_shared_experts', 0);
		shape.moe = {
			experts: text.int('n_routed_experts'),
			expertsPerToken: text.int('num_experts_per_tok'),
			sharedExperts: shared,
		};
		shape.ffn.expertSize = text.int('moe_intermediate_size');
		shape.ffn.sharedSize = shared > 0 ? text.int('moe_shared_expert_intermediate_size') : 0;
	}
	return shape;
}

/** Reads the family shape of a config. */
function readFamily(
	family: string,
	text: Reader,
	hidden: number,
	layers: number,
	maxContext: number,
	warnings: string[],
): FamilyShape {
	switch (family) {
		case 'mistral':
			return readMistral(text, hidden, layers, warnings);
		case 'qwen2':
			return readQwen2(text, hidden, layers, warnings);
		case 'phi3':
			return readPhi3(text, hidden, layers, maxContext);
		case 'qwen3-moe':
			return readQwen3Moe(text, hidden, layers);
		case 'qwen-hybrid':
			return readQwenHybrid(text, hidden, layers);
		case 'gemma3':
			return readGemma3(text, hidden, layers);
		case 'gpt-oss':
			return readGptOss(text, hidden, layers);
		case 'deepseek':
			return readDeepSeek(text, layers);
		case 'glm4-moe':
			return readGlm4Moe(text, hidden, layers);
		case 'nemotron-h':
			return readNemotronH(text, hidden, layers);
		default:
			return readDense(text, hidden, layers);
	}
}

/** Builds the architecture; throws ConfigProblem with a message naming the field at fault. */
function buildArch(root: Config, warnings: string[]): ModelArch {
	const { reader: text, nested } = getTextBlock(root);
	const modelType = getModelType(root, text);
	const family = FAMILIES.get(modelType) ?? 'dense';
	const hidden = text.int('hidden_size');
	// Every family expands the layer count into per-layer strings, so it is bounded first.
	const layers = text.int('num_hidden_layers', undefined, MAX_LAYERS);
	const vocabSize = text.int('vocab_size');
	const maxContext = text.int('max_position_embeddings');
	const shape = readFamily(family, text, hidden, layers, maxContext, warnings);

	const rootReader = new Reader(root, 'the config');
	const tiedKey = text.has('tie_word_embeddings') ? text : rootReader;
	if (!tiedKey.has('tie_word_embeddings')) {
		warnings.push(
			`"tie_word_embeddings" is missing; assumed ${String(shape.tiedDefault)}, the default of this architecture.`,
		);
	}
	const tiedEmbeddings = tiedKey.bool('tie_word_embeddings', shape.tiedDefault);
	if (nested && (root.vision_config !== undefined || root.audio_config !== undefined)) {
		warnings.push('The vision/audio tower is not counted; add its projector file as an extra.');
	}

	const name = text.string('_name_or_path') ?? rootReader.string('_name_or_path') ?? modelType;
	const className = rootReader.strings('architectures')?.[0];
	const arch: ModelArch = {
		...(className ? { architecture: className } : {}),
		id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || modelType,
		name,
		totalParams: 0,
		activeParams: 0,
		layers,
		layerKinds: shape.layerKinds,
		hiddenSize: hidden,
		vocabSize,
		tiedEmbeddings,
		maxContext,
		ffn: shape.ffn,
	};
	if (shape.attention) arch.attention = shape.attention;
	if (shape.recurrent) arch.recurrent = shape.recurrent;
	if (shape.moe) arch.moe = shape.moe;
	if (shape.mtpLayers) {
		arch.mtpLayers = shape.mtpLayers;
		warnings.push(
			`${shape.mtpLayers} multi-token-prediction layer(s) are not counted: they hold no KV, and GGUF files often leave them out.`,
		);
	}
	const params = countParams(arch);
	arch.totalParams = Math.round(params.total);
	arch.activeParams = Math.round(params.active);
	return arch;
}

/**
 * Imports a Hugging Face config.json (a string, or the parsed object) as an engine architecture.
 * Knows Llama, Mistral, Qwen2/2.5, Qwen3 dense and MoE, Qwen3-Next and Qwen3.5/3.6 (layer_types
 * or full_attention_interval, nested text_config), Gemma 3 (text_config; layer_types or
 * sliding_window_pattern), gpt-oss, DeepSeek V3 / Kimi K2 / GLM-4.7-Flash (MLA), Nemotron-H
 * (hybrid_override_pattern), Phi-3/Phi-4 and GLM-4.5/4.6 MoE. Parameter counts are computed from
 * the shapes. Never throws: a bad input comes back as `{ ok: false, error }` naming the field.
 */
export function importHfConfig(input: unknown): HfImportResult {
	try {
		const warnings: string[] = [];
		const root = parseInput(input);
		const arch = buildArch(root, warnings);
		return { ok: true, arch, warnings };
	} catch (error) {
		if (error instanceof ConfigProblem) return { ok: false, error: error.message };
		const reason = error instanceof Error ? error.message : String(error);
		return { ok: false, error: `the config could not be read: ${reason}` };
	}
}
