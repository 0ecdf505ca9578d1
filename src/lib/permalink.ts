/**
 * The VRAM calculator's permalink: its whole state in the query string, under short, stable,
 * documented keys (PERMALINK_KEY_ORDER, described in permalink-keys.ts) and a version, so a
 * shared link reopens the same estimate.
 *
 * Writing is canonical: keys in one fixed order, defaults left out, so one state always gives one
 * string. Reading never throws: every value that cannot be used falls back to its default and is
 * reported in `ignored` with a sentence meant to be shown as plain text.
 */
import { expandLayerPattern } from './layer-pattern.ts';
import {
	formatPlainNumber,
	findNumberProblem,
	formatQueryNumber,
	isCleanName,
	isWithinRule,
	joinQuery,
	makeEnumRule,
	makeNumberRule,
	makeVersionRule,
	parseBoundedNumber,
	parseEnum,
	parseKnownId,
	parseName,
	quote,
	readQuery,
	takeField,
	toSafeExcerpt,
	type FieldRule,
	type IgnoredParam,
	type NumberRule,
	type Parsed,
	type ParseNote,
} from './query-codec.ts';
import {
	CACHE_TYPES,
	ENGINE_RUNTIMES,
	MAX_LAYERS,
	type CacheType,
	type Runtime,
} from './engine/types.ts';

/** Version of the key layout written into every link as `v`. */
export const PERMALINK_VERSION = 1;

/** KV cache types llama.cpp accepts for `-ctk` / `-ctv`: the engine's list, shared. */
export { CACHE_TYPES, type CacheType };

/** Runtimes the calculator has a memory profile for: the engine's list, shared. */
export const RUNTIMES = ENGINE_RUNTIMES;
export type { Runtime };

/** Recurrent layer kinds, as in the model schema. */
export const RECURRENT_KINDS = ['mamba2', 'gated-deltanet'] as const;
export type RecurrentKind = (typeof RECURRENT_KINDS)[number];

/** The id that stands for the visitor's own model (in `m`) or own device (in `g`). */
export const CUSTOM_ID = 'custom';

/** Most devices one state may hold, counting every copy of every GPU. */
export const MAX_DEVICES = 8;

/** Longest custom model or GPU name, in code points. */
export const MAX_NAME_CHARS = 60;

/** Most layers a custom model may have: the engine's limit, shared with the config importer. */
export { MAX_LAYERS };

/** Longest layer pattern a custom model may carry, shorthand included, in characters. */
export const MAX_LAYER_PATTERN_CHARS = 512;

/** Name used for a custom model whose link carries no usable name. */
export const DEFAULT_CUSTOM_MODEL_NAME = 'Custom model';

/** Name used for a custom GPU whose link carries no usable name. */
export const DEFAULT_CUSTOM_GPU_NAME = 'Custom GPU';

/** Version of the compact custom-model encoding, the first part of `cm`. */
export const CUSTOM_MODEL_FORMAT = 1;

/** Limits of every number the calculator's link carries. */
export const LIMITS = {
	context: { min: 256, max: 2_097_152, decimals: 0, unit: 'tokens' },
	parallel: { min: 1, max: 64, decimals: 0, unit: 'sequences' },
	gpuCount: { min: 1, max: MAX_DEVICES, decimals: 0, unit: 'devices' },
	customGpuMemoryGiB: { min: 1, max: 2048, decimals: 2, unit: 'GiB' },
	customGpuBandwidthGBps: { min: 1, max: 20_000, decimals: 1, unit: 'GB/s' },
	ramGiB: { min: 0, max: 2048, decimals: 2, unit: 'GiB' },
	ramBandwidthGBps: { min: 0, max: 20_000, decimals: 1, unit: 'GB/s' },
	cpuLayers: { min: 0, max: MAX_LAYERS, decimals: 0, unit: 'layers' },
	cpuMoeLayers: { min: 0, max: MAX_LAYERS, decimals: 0, unit: 'layers' },
	visionProjectorMiB: { min: 0, max: 16_384, decimals: 0, unit: 'MiB' },
	draftModelMiB: { min: 0, max: 262_144, decimals: 0, unit: 'MiB' },
	promptTokens: { min: 1, max: 2_097_152, decimals: 0, unit: 'tokens' },
	params: { min: 1, max: 1e14, decimals: 0, unit: 'parameters' },
	layers: { min: 1, max: MAX_LAYERS, decimals: 0, unit: 'layers' },
	width: { min: 1, max: 1_048_576, decimals: 0, unit: '' },
	heads: { min: 1, max: 4096, decimals: 0, unit: '' },
	headDim: { min: 1, max: 4096, decimals: 0, unit: '' },
	tokens: { min: 1, max: 134_217_728, decimals: 0, unit: 'tokens' },
	convWidth: { min: 1, max: 64, decimals: 0, unit: '' },
	count: { min: 1, max: 65_536, decimals: 0, unit: '' },
	sharedExperts: { min: 0, max: 65_536, decimals: 0, unit: '' },
	vocab: { min: 1, max: 16_777_216, decimals: 0, unit: 'tokens' },
} as const satisfies Record<string, NumberRule>;

/** One catalog GPU (or the custom one) and how many of it. */
export interface GpuSelection {
	/** A catalog GPU id, or CUSTOM_ID for `customGpu`. */
	id: string;
	/** How many of this device, 1 to MAX_DEVICES. */
	count: number;
}

/** A device the catalog lacks, described by the two figures the estimate needs. */
export interface CustomGpu {
	/** Display name, printable, at most MAX_NAME_CHARS code points. */
	name: string;
	/** Memory of one device in GiB. */
	memoryGiB: number;
	/** Peak memory bandwidth of one device in GB/s (decimal). */
	bandwidthGBps: number;
}

/**
 * A model the catalog lacks: the architecture fields of src/schemas/model.ts that the estimate
 * reads, with the same names, units and cross-field rules.
 */
export interface CustomModel {
	/** Display name, printable, at most MAX_NAME_CHARS code points. */
	name: string;
	/** Total parameters, a count. */
	totalParams: number;
	/** Parameters used per token, a count, no more than the total. */
	activeParams: number;
	/** Blocks in the stack; the expanded layer pattern has exactly this many letters. */
	layers: number;
	/** One letter per layer (F S R E D), shorthand `(XY)*N` allowed, no spaces. */
	layerPattern: string;
	/** Width of the residual stream. */
	hiddenSize: number;
	/** Attention shape; required when the pattern has F or S layers. */
	attention?: {
		/** Query heads. */
		heads: number;
		/** Key/value heads. */
		kvHeads: number;
		/** Width of one key head. */
		headDim: number;
		/** Width of one value head, when it differs from the key head. */
		headDimV?: number;
		/** Tokens a sliding-window layer sees; required when the pattern has S layers. */
		slidingWindow?: number;
		/** Multi-head latent attention ranks. */
		mla?: {
			/** Width of the compressed KV latent. */
			kvLoraRank: number;
			/** Width of the rotary part kept beside it. */
			qkRopeHeadDim: number;
		};
	};
	/** Recurrent state shape; required when the pattern has R layers. */
	recurrent?: {
		/** Mamba 2 or Gated DeltaNet. */
		kind: RecurrentKind;
		/** Convolution width. */
		dConv: number;
		/** Inner width. */
		dInner: number;
		/** State width. */
		dState: number;
		/** Groups. */
		nGroups: number;
	};
	/** Mixture of experts: routed experts, experts per token, shared experts. */
	moe?: {
		/** Routed experts. */
		experts: number;
		/** Experts each token uses, no more than `experts`. */
		expertsPerToken: number;
		/** Experts every token uses. */
		sharedExperts: number;
	};
	/** Tokens in the vocabulary. */
	vocabSize: number;
	/** Whether the output layer reuses the embedding table. */
	tiedEmbeddings: boolean;
	/** Longest context the model was trained for, in tokens. */
	maxContext: number;
}

/**
 * Everything the calculator shows depends on, as carried by its link. Each field names its
 * query key; permalink-keys.ts documents the formats.
 */
export interface CalculatorState {
	/** `v`: version of the key layout, always PERMALINK_VERSION. */
	version: typeof PERMALINK_VERSION;
	/** `m`: catalog model id, or CUSTOM_ID when `customModel` describes the model. */
	model: string;
	/** `q`: catalog quant id of the weights. */
	quant: string;
	/** `c`: context length in tokens, 256 to 2,097,152. */
	context: number;
	/** `k`: type of the K cache. */
	cacheTypeK: CacheType;
	/** `vt`: type of the V cache (a quantized V cache needs flash attention in llama.cpp). */
	cacheTypeV: CacheType;
	/** `p`: parallel sequences (slots), 1 to 64. */
	parallel: number;
	/** `fa`: whether flash attention is on. */
	flashAttention: boolean;
	/** `rt`: runtime whose memory profile applies. */
	runtime: Runtime;
	/** `g`: devices in order, 1 to MAX_DEVICES in total, ids unique. */
	gpus: GpuSelection[];
	/** `cg`: the device behind CUSTOM_ID; present exactly when `gpus` lists CUSTOM_ID. */
	customGpu?: CustomGpu;
	/** `ram`: system RAM in GiB; 0 when not given. */
	ramGiB: number;
	/** `rb`: system RAM bandwidth in GB/s; 0 when not given. */
	ramBandwidthGBps: number;
	/** `cl`: layers kept on the CPU (`-ngl` is layers minus this). */
	cpuLayers: number;
	/** `ce`: MoE layers whose experts stay on the CPU (`--n-cpu-moe`). */
	cpuMoeLayers: number;
	/** `vp`: vision projector size in MiB; 0 for none. */
	visionProjectorMiB: number;
	/** `dm`: draft model size in MiB for speculative decoding; 0 for none. */
	draftModelMiB: number;
	/** `pt`: prompt length in tokens used for time to first token. */
	promptTokens: number;
	/** `cm`: the model behind CUSTOM_ID; present exactly when `model` is CUSTOM_ID. */
	customModel?: CustomModel;
}

/** Ids a link may refer to: the catalog's models, quants and GPUs. */
export interface KnownIds {
	/** Catalog model ids. */
	models: ReadonlySet<string>;
	/** Catalog quant ids. */
	quants: ReadonlySet<string>;
	/** Catalog GPU ids. */
	gpus: ReadonlySet<string>;
}

/** What `decodeState` returns: a valid state and every part of the link it did not use. */
export interface DecodedState {
	/** The state, valid for the given catalog ids. */
	state: CalculatorState;
	/** Settings not taken as written, in key order, each with a sentence saying why. */
	ignored: IgnoredParam[];
}

/** One query key of the calculator's link and the state field it fills. */
export interface PermalinkKeyField {
	/** The query key. */
	key: string;
	/** The state field it fills. */
	field: keyof CalculatorState;
}

/**
 * Every key of the calculator's link, in the order links are written. Keys are stable: a new
 * setting gets a new key, and a changed meaning gets a new version. What each key holds is
 * documented in permalink-keys.ts, which only pages built on the server import, so the island
 * does not ship the documentation.
 */
export const PERMALINK_KEY_ORDER: readonly PermalinkKeyField[] = [
	{ key: 'v', field: 'version' },
	{ key: 'm', field: 'model' },
	{ key: 'q', field: 'quant' },
	{ key: 'c', field: 'context' },
	{ key: 'k', field: 'cacheTypeK' },
	{ key: 'vt', field: 'cacheTypeV' },
	{ key: 'p', field: 'parallel' },
	{ key: 'fa', field: 'flashAttention' },
	{ key: 'rt', field: 'runtime' },
	{ key: 'g', field: 'gpus' },
	{ key: 'cg', field: 'customGpu' },
	{ key: 'ram', field: 'ramGiB' },
	{ key: 'rb', field: 'ramBandwidthGBps' },
	{ key: 'cl', field: 'cpuLayers' },
	{ key: 'ce', field: 'cpuMoeLayers' },
	{ key: 'vp', field: 'visionProjectorMiB' },
	{ key: 'dm', field: 'draftModelMiB' },
	{ key: 'pt', field: 'promptTokens' },
	{ key: 'cm', field: 'customModel' },
];

const KEY_NAMES = PERMALINK_KEY_ORDER.map((entry) => entry.key);

/** Defaults that do not depend on the catalog: everything but model, quant and GPUs. */
export const BASE_DEFAULTS = {
	version: PERMALINK_VERSION,
	context: 8192,
	cacheTypeK: 'f16',
	cacheTypeV: 'f16',
	parallel: 1,
	flashAttention: true,
	runtime: 'llama.cpp',
	ramGiB: 0,
	ramBandwidthGBps: 0,
	cpuLayers: 0,
	cpuMoeLayers: 0,
	visionProjectorMiB: 0,
	draftModelMiB: 0,
	promptTokens: 4096,
} as const satisfies Partial<CalculatorState>;

/**
 * Builds the default state from the catalog's featured model, quant and GPUs (catalog ids, not
 * CUSTOM_ID) and BASE_DEFAULTS for the rest.
 */
export function createDefaultState(picks: {
	model: string;
	quant: string;
	gpus: GpuSelection[];
}): CalculatorState {
	return {
		...BASE_DEFAULTS,
		model: picks.model,
		quant: picks.quant,
		gpus: picks.gpus.map((gpu) => ({ ...gpu })),
	};
}


/** A number of a custom model that a link cannot carry, and what is wrong with it. */
export interface CustomModelNumberProblem {
	/** Where the number sits in CustomModel, e.g. "attention.heads" or "vocabSize". */
	field: string;
	/** What the number is, for messages, e.g. "attention heads". */
	label: string;
	/** The value found. */
	value: unknown;
	/** The limits the link applies to it. */
	rule: NumberRule;
	/** What is wrong, in the decoder's words, e.g. "is above the maximum of 4,096". */
	problem: string;
}

/**
 * Every number of a custom model with its label and limits, in the order they are checked: the
 * ones read from a config first, the parameter counts derived from them last.
 */
function listCustomModelNumbers(model: CustomModel): Array<[string, string, unknown, NumberRule]> {
	const { attention: at, recurrent: rec, moe } = model;
	const numbers: Array<[string, string, unknown, NumberRule]> = [
		['layers', 'layers', model.layers, LIMITS.layers],
		['hiddenSize', 'hidden size', model.hiddenSize, LIMITS.width],
	];
	if (at) {
		numbers.push(
			['attention.heads', 'attention heads', at.heads, LIMITS.heads],
			['attention.kvHeads', 'key/value heads', at.kvHeads, LIMITS.heads],
			['attention.headDim', 'head width', at.headDim, LIMITS.headDim],
		);
		if (at.headDimV !== undefined) {
			numbers.push(['attention.headDimV', 'value head width', at.headDimV, LIMITS.headDim]);
		}
		if (at.slidingWindow !== undefined) {
			numbers.push(['attention.slidingWindow', 'sliding window', at.slidingWindow, LIMITS.tokens]);
		}
		if (at.mla) {
			numbers.push(
				['attention.mla.kvLoraRank', 'latent KV rank', at.mla.kvLoraRank, LIMITS.count],
				['attention.mla.qkRopeHeadDim', 'rotary head width', at.mla.qkRopeHeadDim, LIMITS.count],
			);
		}
	}
	if (rec) {
		numbers.push(
			['recurrent.dConv', 'recurrent convolution width', rec.dConv, LIMITS.convWidth],
			['recurrent.dInner', 'recurrent inner width', rec.dInner, LIMITS.width],
			['recurrent.dState', 'recurrent state width', rec.dState, LIMITS.count],
			['recurrent.nGroups', 'recurrent groups', rec.nGroups, LIMITS.count],
		);
	}
	if (moe) {
		numbers.push(
			['moe.experts', 'experts', moe.experts, LIMITS.count],
			['moe.expertsPerToken', 'experts per token', moe.expertsPerToken, LIMITS.count],
			['moe.sharedExperts', 'shared experts', moe.sharedExperts, LIMITS.sharedExperts],
		);
	}
	numbers.push(
		['vocabSize', 'vocabulary size', model.vocabSize, LIMITS.vocab],
		['maxContext', 'maximum context', model.maxContext, LIMITS.tokens],
		['totalParams', 'total parameters', model.totalParams, LIMITS.params],
		['activeParams', 'active parameters', model.activeParams, LIMITS.params],
	);
	return numbers;
}

/**
 * Finds the first number of a custom model that a link cannot carry: outside its LIMITS entry, not
 * whole, or not a number at all. The same check the decoder's state validation uses.
 */
export function findCustomModelNumberProblem(
	model: CustomModel,
): CustomModelNumberProblem | undefined {
	for (const [field, label, value, rule] of listCustomModelNumbers(model)) {
		const problem = findNumberProblem(value, rule);
		if (problem) return { field, label, value, rule, problem };
	}
	return undefined;
}

/**
 * Checks a custom model against this link's limits and the model schema's cross-field rules.
 * Returns a phrase saying what is wrong ("has …"), or undefined when a link can carry the model.
 */
export function findCustomModelProblem(model: CustomModel): string | undefined {
	const number = findCustomModelNumberProblem(model);
	if (number) {
		const value =
			typeof number.value === 'number' && Number.isFinite(number.value)
				? formatPlainNumber(number.value)
				: String(number.value);
		return `has ${number.label} ${value}, which ${number.problem}`;
	}
	const kind = model.recurrent?.kind;
	if (kind !== undefined && !(RECURRENT_KINDS as readonly string[]).includes(kind)) {
		return `has a recurrent kind ${quote(String(kind))}, which is not one of ${RECURRENT_KINDS.join(', ')}`;
	}
	if (model.activeParams > model.totalParams) {
		return `has more active parameters (${formatPlainNumber(model.activeParams)}) than total`;
	}
	if (model.layerPattern.length > MAX_LAYER_PATTERN_CHARS) {
		return `has a layer pattern longer than ${MAX_LAYER_PATTERN_CHARS} characters`;
	}
	if (/\s/.test(model.layerPattern)) return 'has white space in its layer pattern';

	const expanded = expandLayerPattern(model.layerPattern, MAX_LAYERS);
	if ('error' in expanded) {
		return expanded.error === 'length'
			? `has a layer pattern that expands to more than ${formatPlainNumber(MAX_LAYERS)} layers`
			: `has a layer pattern that has ${quote(expanded.letter)}, but only F, S, R, E, D and (group)*N are allowed`;
	}
	if (expanded.layers.length !== model.layers) {
		return (
			`has a layer pattern of ${expanded.layers.length} layers, ` +
			`but ${model.layers} layers in "l"`
		);
	}

	const has = (kind: string) => expanded.layers.includes(kind);
	if ((has('F') || has('S')) && !model.attention) {
		return 'has attention layers in its pattern but no attention shape ("at")';
	}
	if (has('S') && model.attention?.slidingWindow === undefined) {
		return 'has sliding-window layers in its pattern but no window ("sw")';
	}
	if (has('R') && !model.recurrent) {
		return 'has recurrent layers in its pattern but no recurrent shape ("rec")';
	}
	if (model.moe && model.moe.expertsPerToken > model.moe.experts) {
		return 'has more experts per token than experts';
	}
	return undefined;
}

/** Parts of `cm` before the name, in the order they are written, with what they hold. */
const CUSTOM_MODEL_PARTS = {
	tp: 'total parameters',
	ap: 'active parameters',
	l: 'layers',
	lp: 'layer pattern',
	hs: 'hidden size',
	at: 'attention shape',
	sw: 'sliding window',
	mla: 'latent attention ranks',
	rec: 'recurrent shape',
	moe: 'experts',
	voc: 'vocabulary',
	tie: 'tied embeddings',
	ctx: 'maximum context',
} as const;
type CustomModelPart = keyof typeof CUSTOM_MODEL_PARTS;
const REQUIRED_PARTS: CustomModelPart[] = ['tp', 'ap', 'l', 'lp', 'hs', 'voc', 'tie', 'ctx'];

/** Writes a custom model in its compact form, the value of `cm`. */
export function encodeCustomModel(model: CustomModel): string {
	const n = formatQueryNumber;
	const parts = [
		String(CUSTOM_MODEL_FORMAT),
		`tp:${n(model.totalParams)}`,
		`ap:${n(model.activeParams)}`,
		`l:${n(model.layers)}`,
		`lp:${model.layerPattern}`,
		`hs:${n(model.hiddenSize)}`,
	];

	const { attention, recurrent, moe } = model;
	if (attention) {
		const dims = [attention.heads, attention.kvHeads, attention.headDim];
		if (attention.headDimV !== undefined) dims.push(attention.headDimV);
		parts.push(`at:${dims.map(n).join(',')}`);
		if (attention.slidingWindow !== undefined) parts.push(`sw:${n(attention.slidingWindow)}`);
		if (attention.mla) {
			parts.push(`mla:${n(attention.mla.kvLoraRank)},${n(attention.mla.qkRopeHeadDim)}`);
		}
	}
	if (recurrent) {
		const dims = [recurrent.dConv, recurrent.dInner, recurrent.dState, recurrent.nGroups];
		parts.push(`rec:${recurrent.kind},${dims.map(n).join(',')}`);
	}
	if (moe) {
		parts.push(`moe:${[moe.experts, moe.expertsPerToken, moe.sharedExperts].map(n).join(',')}`);
	}

	parts.push(`voc:${n(model.vocabSize)}`, `tie:${model.tiedEmbeddings ? 1 : 0}`);
	parts.push(`ctx:${n(model.maxContext)}`);
	if (model.name !== DEFAULT_CUSTOM_MODEL_NAME) parts.push(`n:${model.name}`);
	return parts.join('~');
}

/** Reads a comma-separated list of numbers, each within its rule; the phrase names the part. */
function parseNumberList(
	text: string,
	rules: readonly NumberRule[],
	optional: number,
	label: string,
): Parsed<number[]> {
	const items = text.split(',');
	if (items.length < rules.length - optional || items.length > rules.length) {
		const counts = optional ? `${rules.length - optional} or ${rules.length}` : rules.length;
		return { ok: false, problem: `has ${label} ${quote(text)}, which needs ${counts} numbers` };
	}

	const values: number[] = [];
	for (const [index, item] of items.entries()) {
		const parsed = parseBoundedNumber(item, rules[index]!);
		if (!parsed.ok) {
			return { ok: false, problem: `has ${label} ${quote(text)}, which ${parsed.problem}` };
		}
		values.push(parsed.value);
	}
	return { ok: true, value: values };
}

/**
 * Reads the value of `cm`. Any problem with the architecture refuses the whole model (an estimate
 * from half a model would mislead); a bad name only falls back to DEFAULT_CUSTOM_MODEL_NAME.
 */
export function parseCustomModel(text: string): Parsed<CustomModel> {
	// The name is last and may hold any character, so it is split off before anything else.
	const nameAt = text.indexOf('~n:');
	const head = nameAt < 0 ? text : text.slice(0, nameAt);
	const [format, ...rest] = head.split('~');
	if (format !== String(CUSTOM_MODEL_FORMAT)) {
		return {
			ok: false,
			problem: `is in a format this page cannot read (it reads format ${CUSTOM_MODEL_FORMAT})`,
		};
	}

	const parts = new Map<CustomModelPart, string>();
	for (const part of rest) {
		const colon = part.indexOf(':');
		const key = part.slice(0, colon < 0 ? part.length : colon);
		if (!Object.hasOwn(CUSTOM_MODEL_PARTS, key)) {
			return { ok: false, problem: `has an unknown part ${quote(key)}` };
		}
		if (parts.has(key as CustomModelPart)) {
			return { ok: false, problem: `repeats the part "${key}"` };
		}
		parts.set(key as CustomModelPart, colon < 0 ? '' : part.slice(colon + 1));
	}
	for (const key of REQUIRED_PARTS) {
		if (!parts.has(key)) {
			return { ok: false, problem: `lacks the part "${key}" (${CUSTOM_MODEL_PARTS[key]})` };
		}
	}

	const numbers: Partial<Record<CustomModelPart, number>> = {};
	const single: Array<[CustomModelPart, NumberRule]> = [
		['tp', LIMITS.params],
		['ap', LIMITS.params],
		['l', LIMITS.layers],
		['hs', LIMITS.width],
		['sw', LIMITS.tokens],
		['voc', LIMITS.vocab],
		['ctx', LIMITS.tokens],
	];
	for (const [key, rule] of single) {
		const value = parts.get(key);
		if (value === undefined) continue;
		const parsed = parseBoundedNumber(value, rule);
		if (!parsed.ok) {
			return {
				ok: false,
				problem: `has ${CUSTOM_MODEL_PARTS[key]} ${quote(value)}, which ${parsed.problem}`,
			};
		}
		numbers[key] = parsed.value;
	}

	const tieText = parts.get('tie')!;
	if (tieText !== '0' && tieText !== '1') {
		return { ok: false, problem: `has tied embeddings ${quote(tieText)}, which is not 0 or 1` };
	}

	const model: CustomModel = {
		name: DEFAULT_CUSTOM_MODEL_NAME,
		totalParams: numbers.tp!,
		activeParams: numbers.ap!,
		layers: numbers.l!,
		layerPattern: parts.get('lp')!.replace(/\s+/g, ''),
		hiddenSize: numbers.hs!,
		vocabSize: numbers.voc!,
		tiedEmbeddings: tieText === '1',
		maxContext: numbers.ctx!,
	};

	const at = parts.get('at');
	if (at !== undefined) {
		const rules = [LIMITS.heads, LIMITS.heads, LIMITS.headDim, LIMITS.headDim];
		const dims = parseNumberList(at, rules, 1, 'attention shape');
		if (!dims.ok) return dims;
		const [heads, kvHeads, headDim, headDimV] = dims.value as [number, number, number, number?];
		model.attention = { heads, kvHeads, headDim };
		if (headDimV !== undefined) model.attention.headDimV = headDimV;
		if (numbers.sw !== undefined) model.attention.slidingWindow = numbers.sw;
	} else if (parts.has('sw') || parts.has('mla')) {
		return {
			ok: false,
			problem: 'has a sliding window or latent attention but no attention shape ("at")',
		};
	}

	const mla = parts.get('mla');
	if (mla !== undefined && model.attention) {
		const ranks = parseNumberList(mla, [LIMITS.count, LIMITS.count], 0, 'latent attention ranks');
		if (!ranks.ok) return ranks;
		model.attention.mla = { kvLoraRank: ranks.value[0]!, qkRopeHeadDim: ranks.value[1]! };
	}

	const rec = parts.get('rec');
	if (rec !== undefined) {
		const [kind, ...dimsText] = rec.split(',');
		const parsedKind = parseEnum(kind ?? '', RECURRENT_KINDS);
		if (!parsedKind.ok) {
			return {
				ok: false,
				problem: `has a recurrent kind ${quote(kind ?? '')}, which ${parsedKind.problem}`,
			};
		}
		const rules = [LIMITS.convWidth, LIMITS.width, LIMITS.count, LIMITS.count];
		const dims = parseNumberList(dimsText.join(','), rules, 0, 'recurrent shape');
		if (!dims.ok) return dims;
		const [dConv, dInner, dState, nGroups] = dims.value as [number, number, number, number];
		model.recurrent = { kind: parsedKind.value, dConv, dInner, dState, nGroups };
	}

	const moe = parts.get('moe');
	if (moe !== undefined) {
		const rules = [LIMITS.count, LIMITS.count, LIMITS.sharedExperts];
		const dims = parseNumberList(moe, rules, 0, 'experts');
		if (!dims.ok) return dims;
		const [experts, expertsPerToken, sharedExperts] = dims.value as [number, number, number];
		model.moe = { experts, expertsPerToken, sharedExperts };
	}

	const problem = findCustomModelProblem(model);
	if (problem) return { ok: false, problem };

	const notes: ParseNote[] = [];
	if (nameAt >= 0) {
		model.name = readNameOrDefault(
			text.slice(nameAt + 3),
			'Custom model name',
			DEFAULT_CUSTOM_MODEL_NAME,
			notes,
		);
	}
	return { ok: true, value: model, notes };
}

/**
 * Reads a name as the decoder does (parseName); when it cannot be used, notes why and returns
 * `fallback`. Every remark, such as a name that was shortened, is added to `notes`.
 */
export function readNameOrDefault(
	raw: string,
	label: string,
	fallback: string,
	notes: ParseNote[],
): string {
	const parsed = parseName(raw, label, MAX_NAME_CHARS);
	if (parsed.ok) {
		notes.push(...(parsed.notes ?? []));
		return parsed.value;
	}
	notes.push({
		value: raw,
		reason: `${label} ${quote(raw)} ${parsed.problem}, so the name "${fallback}" is used.`,
	});
	return fallback;
}

/** Writes a custom GPU as the value of `cg`: memory, bandwidth, then the name unless default. */
export function encodeCustomGpu(gpu: CustomGpu): string {
	const figures = `${formatQueryNumber(gpu.memoryGiB)},${formatQueryNumber(gpu.bandwidthGBps)}`;
	return gpu.name === DEFAULT_CUSTOM_GPU_NAME ? figures : `${figures},${gpu.name}`;
}

/** Reads the value of `cg`: `memoryGiB,bandwidthGBps[,name]`; the name may contain commas. */
export function parseCustomGpu(text: string): Parsed<CustomGpu> {
	const [memoryText = '', bandwidthText = '', ...nameParts] = text.split(',');
	const memory = parseBoundedNumber(memoryText, LIMITS.customGpuMemoryGiB);
	if (!memory.ok) {
		return {
			ok: false,
			problem: `has a memory size ${quote(memoryText)}, which ${memory.problem}`,
		};
	}
	const bandwidth = parseBoundedNumber(bandwidthText, LIMITS.customGpuBandwidthGBps);
	if (!bandwidth.ok) {
		return {
			ok: false,
			problem: `has a bandwidth ${quote(bandwidthText)}, which ${bandwidth.problem}`,
		};
	}

	const notes: ParseNote[] = [];
	const gpu = {
		name: DEFAULT_CUSTOM_GPU_NAME,
		memoryGiB: memory.value,
		bandwidthGBps: bandwidth.value,
	};
	if (nameParts.length > 0) {
		gpu.name = readNameOrDefault(
			nameParts.join(','),
			'Custom GPU name',
			DEFAULT_CUSTOM_GPU_NAME,
			notes,
		);
	}
	return { ok: true, value: gpu, notes };
}

/** Writes a GPU list as the value of `g`: `id` or `id*count`, comma-separated, in order. */
export function encodeGpuList(gpus: readonly GpuSelection[]): string {
	return gpus.map((gpu) => (gpu.count === 1 ? gpu.id : `${gpu.id}*${gpu.count}`)).join(',');
}

/**
 * Reads the value of `g`. Unknown ids and bad counts drop their entry (with a note); repeated
 * ids are merged. The list is refused when nothing usable is left or it exceeds MAX_DEVICES.
 */
export function parseGpuList(
	text: string,
	known: ReadonlySet<string>,
	hasCustomGpu: boolean,
): Parsed<GpuSelection[]> {
	const gpus: GpuSelection[] = [];
	const notes: ParseNote[] = [];
	for (const item of text.split(',')) {
		const [id = '', countText, ...extra] = item.split('*');
		const count =
			countText === undefined
				? { ok: true as const, value: 1 }
				: parseBoundedNumber(countText, LIMITS.gpuCount);
		const isCustom = id === CUSTOM_ID;
		if (extra.length > 0 || !count.ok) {
			notes.push({
				value: item,
				reason:
					`GPU entry ${quote(item)} is not an id with an optional *count from 1 to ` +
					`${MAX_DEVICES}, so it is left out.`,
			});
		} else if (isCustom && !hasCustomGpu) {
			notes.push({
				value: item,
				reason:
					`GPU entry ${quote(item)} needs a custom GPU ("cg") that this page can read, ` +
					'so it is left out.',
			});
		} else if (!isCustom && !known.has(id)) {
			notes.push({
				value: item,
				reason: `GPU ${quote(id)} is not in the catalog, so it is left out.`,
			});
		} else {
			const same = gpus.find((gpu) => gpu.id === id);
			if (same) {
				same.count += count.value;
				notes.push({
					value: item,
					reason: `GPU "${id}" is listed more than once, so its counts were added up.`,
				});
			} else {
				gpus.push({ id, count: count.value });
			}
		}
	}

	const total = gpus.reduce((sum, gpu) => sum + gpu.count, 0);
	if (total === 0) return { ok: false, problem: 'names no GPU this page can use' };
	if (total > MAX_DEVICES) {
		return {
			ok: false,
			problem: `adds up to ${total} devices, more than the maximum of ${MAX_DEVICES}`,
		};
	}
	return { ok: true, value: gpus, notes };
}

/** The custom GPU a state starts from when the reader first describes one. */
export const DEFAULT_CUSTOM_GPU: Readonly<CustomGpu> = {
	name: DEFAULT_CUSTOM_GPU_NAME,
	memoryGiB: 24,
	bandwidthGBps: 1000,
};

/** Whether a value is a custom GPU that `parseCustomGpu` could have produced. */
export function isValidCustomGpu(value: unknown): value is CustomGpu {
	if (typeof value !== 'object' || value === null) return false;
	const gpu = value as CustomGpu;
	return (
		isCleanName(gpu.name, MAX_NAME_CHARS) &&
		isWithinRule(gpu.memoryGiB, LIMITS.customGpuMemoryGiB) &&
		isWithinRule(gpu.bandwidthGBps, LIMITS.customGpuBandwidthGBps)
	);
}

/** A change the reader makes to the custom GPU; each field is optional. */
export interface CustomGpuEdit {
	/** The name as typed; it is cleaned the way the decoder reads a name from `cg`. */
	name?: string;
	/** Memory of one device in GiB. */
	memoryGiB?: number;
	/** Peak memory bandwidth of one device in GB/s. */
	bandwidthGBps?: number;
}

/**
 * Makes room for one custom device in a GPU list holding MAX_DEVICES already: the last entries
 * give up devices, and an entry left with none is dropped. The list given is not changed.
 */
function makeRoomForOneDevice(gpus: readonly GpuSelection[]): GpuSelection[] {
	const kept = gpus.map((gpu) => ({ ...gpu }));
	let excess = kept.reduce((sum, gpu) => sum + gpu.count, 0) + 1 - MAX_DEVICES;
	for (let index = kept.length - 1; index >= 0 && excess > 0; index -= 1) {
		const gpu = kept[index]!;
		const taken = Math.min(gpu.count, excess);
		gpu.count -= taken;
		excess -= taken;
	}
	return kept.filter((gpu) => gpu.count > 0);
}

/**
 * Applies an edit of the custom GPU so that the state stays one its link can carry. A typed name
 * is read as the decoder reads `cg` (one it cannot use keeps the current name, with a note);
 * memory or bandwidth outside LIMITS refuses the edit. A GPU list without the custom device gains
 * it, and when the list holds MAX_DEVICES already, its last entry gives up one device for it.
 */
export function applyCustomGpuEdit(
	state: CalculatorState,
	edit: CustomGpuEdit,
): Parsed<Pick<CalculatorState, 'gpus' | 'customGpu'>> {
	const current = state.customGpu ?? DEFAULT_CUSTOM_GPU;
	const checks: Array<[string, number | undefined, NumberRule]> = [
		['memory size', edit.memoryGiB, LIMITS.customGpuMemoryGiB],
		['bandwidth', edit.bandwidthGBps, LIMITS.customGpuBandwidthGBps],
	];
	for (const [label, value, rule] of checks) {
		const problem = value === undefined ? undefined : findNumberProblem(value, rule);
		if (problem) return { ok: false, problem: `has a ${label} ${String(value)}, which ${problem}` };
	}

	const notes: ParseNote[] = [];
	const name =
		edit.name === undefined
			? current.name
			: readNameOrDefault(edit.name, 'Custom GPU name', current.name, notes);
	const customGpu: CustomGpu = {
		name,
		memoryGiB: edit.memoryGiB ?? current.memoryGiB,
		bandwidthGBps: edit.bandwidthGBps ?? current.bandwidthGBps,
	};

	const usesCustom = state.gpus.some((gpu) => gpu.id === CUSTOM_ID);
	const gpus = usesCustom
		? state.gpus
		: [...makeRoomForOneDevice(state.gpus), { id: CUSTOM_ID, count: 1 }];
	return { ok: true, value: { gpus, customGpu }, notes };
}

/** Rules for the keys that need no catalog, shared by decoding and validation. */
const NUMBER_FIELDS = [
	['c', 'context', 'Context', LIMITS.context],
	['p', 'parallel', 'Parallel sequences', LIMITS.parallel],
	['ram', 'ramGiB', 'System RAM', LIMITS.ramGiB],
	['rb', 'ramBandwidthGBps', 'RAM bandwidth', LIMITS.ramBandwidthGBps],
	['cl', 'cpuLayers', 'Layers on the CPU', LIMITS.cpuLayers],
	['ce', 'cpuMoeLayers', 'MoE layers with experts on the CPU', LIMITS.cpuMoeLayers],
	['vp', 'visionProjectorMiB', 'Vision projector', LIMITS.visionProjectorMiB],
	['dm', 'draftModelMiB', 'Draft model', LIMITS.draftModelMiB],
	['pt', 'promptTokens', 'Prompt length', LIMITS.promptTokens],
] as const satisfies ReadonlyArray<readonly [string, keyof CalculatorState, string, NumberRule]>;

const VERSION_RULE = makeVersionRule(PERMALINK_VERSION);

const ON_OFF_RULE: FieldRule<boolean> = {
	key: 'fa',
	label: 'Flash attention',
	parse: (text) => {
		const parsed = parseEnum(text, ['on', 'off']);
		return parsed.ok ? { ok: true, value: parsed.value === 'on' } : parsed;
	},
	describe: (value) => (value ? 'on' : 'off'),
};

/** Makes the rule of an optional object such as `cg`: left out when unusable. */
function makeOptionalRule<T>(key: string, label: string, parse: (text: string) => Parsed<T>) {
	const rule: FieldRule<T | undefined> = {
		key,
		label,
		parse,
		describe: () => 'none',
		fallbackPhrase: () => 'it is left out',
	};
	return rule;
}

/**
 * Reads a calculator state from a query string (with or without `?`) or URLSearchParams. Never
 * throws: whatever cannot be used keeps its value from `defaults` and is listed in `ignored`.
 * `defaults` must itself be valid and refer to catalog ids only.
 */
export function decodeState(
	query: string | URLSearchParams,
	known: KnownIds,
	defaults: CalculatorState,
): DecodedState {
	const { values, ignored } = readQuery(query, KEY_NAMES);
	const version = takeField(values, VERSION_RULE, PERMALINK_VERSION, ignored);

	const modelRule: FieldRule<string> = {
		key: 'm',
		label: 'Model',
		parse: (text) =>
			text === CUSTOM_ID
				? { ok: true, value: text }
				: parseKnownId(text, known.models, 'the catalog'),
		describe: String,
	};
	let model = takeField(values, modelRule, defaults.model, ignored);
	const quantRule: FieldRule<string> = {
		key: 'q',
		label: 'Quantization',
		parse: (text) => parseKnownId(text, known.quants, 'the catalog'),
		describe: String,
	};
	const quant = takeField(values, quantRule, defaults.quant, ignored);

	const numbers = {} as Record<(typeof NUMBER_FIELDS)[number][1], number>;
	const takeNumber = (key: string) => {
		const [, field, label, rule] = NUMBER_FIELDS.find((entry) => entry[0] === key)!;
		numbers[field] = takeField(values, makeNumberRule(key, label, rule), defaults[field], ignored);
	};

	takeNumber('c');
	const cacheTypeK = takeField(
		values,
		makeEnumRule('k', 'K cache type', CACHE_TYPES),
		defaults.cacheTypeK,
		ignored,
	);
	const cacheTypeV = takeField(
		values,
		makeEnumRule('vt', 'V cache type', CACHE_TYPES),
		defaults.cacheTypeV,
		ignored,
	);
	takeNumber('p');
	const flashAttention = takeField(values, ON_OFF_RULE, defaults.flashAttention, ignored);
	const runtime = takeField(
		values,
		makeEnumRule('rt', 'Runtime', RUNTIMES),
		defaults.runtime,
		ignored,
	);

	// The custom GPU is read first, since the GPU list may only name `custom` when it exists.
	const gpuValues = new Map(values);
	gpuValues.delete('g');
	const customGpuRule = makeOptionalRule('cg', 'Custom GPU', parseCustomGpu);
	const gpuIgnored: IgnoredParam[] = [];
	let customGpu = takeField(gpuValues, customGpuRule, undefined, gpuIgnored);
	const gpuRule: FieldRule<GpuSelection[]> = {
		key: 'g',
		label: 'GPUs',
		parse: (text) => parseGpuList(text, known.gpus, customGpu !== undefined),
		describe: encodeGpuList,
	};
	const gpus = takeField(
		values,
		gpuRule,
		defaults.gpus.map((gpu) => ({ ...gpu })),
		ignored,
	);
	ignored.push(...gpuIgnored);
	if (customGpu && !gpus.some((gpu) => gpu.id === CUSTOM_ID)) {
		ignored.push({
			key: 'cg',
			value: toSafeExcerpt(values.get('cg')!),
			reason:
				`Custom GPU ${quote(values.get('cg')!)} is only used when the GPUs ("g") ` +
				'include "custom", so it is ignored.',
		});
		customGpu = undefined;
	}

	for (const key of ['ram', 'rb', 'cl', 'ce', 'vp', 'dm', 'pt']) takeNumber(key);

	const customModelRule = makeOptionalRule('cm', 'Custom model', parseCustomModel);
	let customModel = takeField(values, customModelRule, undefined, ignored);
	if (model === CUSTOM_ID && !customModel) {
		ignored.push({
			key: 'm',
			value: CUSTOM_ID,
			reason:
				'Model "custom" needs a custom model ("cm") that this page can read, ' +
				`so the default (${defaults.model}) is used.`,
		});
		model = defaults.model;
	} else if (model !== CUSTOM_ID && customModel) {
		ignored.push({
			key: 'cm',
			value: toSafeExcerpt(values.get('cm')!),
			reason:
				`Custom model ${quote(values.get('cm')!)} is only used when the model ("m") ` +
				'is "custom", so it is ignored.',
		});
		customModel = undefined;
	}

	const state: CalculatorState = {
		version,
		model,
		quant,
		context: numbers.context,
		cacheTypeK,
		cacheTypeV,
		parallel: numbers.parallel,
		flashAttention,
		runtime,
		gpus,
		ramGiB: numbers.ramGiB,
		ramBandwidthGBps: numbers.ramBandwidthGBps,
		cpuLayers: numbers.cpuLayers,
		cpuMoeLayers: numbers.cpuMoeLayers,
		visionProjectorMiB: numbers.visionProjectorMiB,
		draftModelMiB: numbers.draftModelMiB,
		promptTokens: numbers.promptTokens,
	};
	if (customGpu) state.customGpu = customGpu;
	if (customModel) state.customModel = customModel;
	return { state, ignored };
}

/**
 * Writes a state as a query string (without `?`). Canonical: keys in PERMALINK_KEY_ORDER,
 * values equal to `defaults` left out, `v` always written; the same state always gives the same
 * string, however its object was built.
 */
export function encodeState(state: CalculatorState, defaults: CalculatorState): string {
	const n = formatQueryNumber;
	const pairs: Array<[string, string]> = [['v', String(state.version)]];
	const add = (key: string, value: string, fallback: string) => {
		if (value !== fallback) pairs.push([key, value]);
	};

	add('m', state.model, defaults.model);
	add('q', state.quant, defaults.quant);
	add('c', n(state.context), n(defaults.context));
	add('k', state.cacheTypeK, defaults.cacheTypeK);
	add('vt', state.cacheTypeV, defaults.cacheTypeV);
	add('p', n(state.parallel), n(defaults.parallel));
	add('fa', state.flashAttention ? 'on' : 'off', defaults.flashAttention ? 'on' : 'off');
	add('rt', state.runtime, defaults.runtime);
	add('g', encodeGpuList(state.gpus), encodeGpuList(defaults.gpus));
	if (state.customGpu && state.gpus.some((gpu) => gpu.id === CUSTOM_ID)) {
		pairs.push(['cg', encodeCustomGpu(state.customGpu)]);
	}
	add('ram', n(state.ramGiB), n(defaults.ramGiB));
	add('rb', n(state.ramBandwidthGBps), n(defaults.ramBandwidthGBps));
	add('cl', n(state.cpuLayers), n(defaults.cpuLayers));
	add('ce', n(state.cpuMoeLayers), n(defaults.cpuMoeLayers));
	add('vp', n(state.visionProjectorMiB), n(defaults.visionProjectorMiB));
	add('dm', n(state.draftModelMiB), n(defaults.draftModelMiB));
	add('pt', n(state.promptTokens), n(defaults.promptTokens));
	if (state.customModel && state.model === CUSTOM_ID) {
		pairs.push(['cm', encodeCustomModel(state.customModel)]);
	}
	return joinQuery(pairs);
}

/** Whether a value is a custom model that `parseCustomModel` could have produced. */
function isValidCustomModel(value: unknown): value is CustomModel {
	if (typeof value !== 'object' || value === null) return false;
	const model = value as CustomModel;
	if (!isCleanName(model.name, MAX_NAME_CHARS)) return false;
	if (typeof model.layerPattern !== 'string' || typeof model.tiedEmbeddings !== 'boolean') {
		return false;
	}
	return findCustomModelProblem(model) === undefined;
}

/**
 * Whether a value is a calculator state `decodeState` could return: every field present and in
 * range, names clean, custom parts present exactly when referred to, and, when `known` is given,
 * every id in the catalog.
 */
export function isValidState(value: unknown, known?: KnownIds): value is CalculatorState {
	if (typeof value !== 'object' || value === null) return false;
	const state = value as CalculatorState;
	if (state.version !== PERMALINK_VERSION) return false;
	if (typeof state.model !== 'string' || typeof state.quant !== 'string') return false;
	if (known && state.model !== CUSTOM_ID && !known.models.has(state.model)) return false;
	if (known && !known.quants.has(state.quant)) return false;
	if (!CACHE_TYPES.includes(state.cacheTypeK)) return false;
	if (!CACHE_TYPES.includes(state.cacheTypeV)) return false;
	if (typeof state.flashAttention !== 'boolean' || !RUNTIMES.includes(state.runtime)) return false;
	if (!NUMBER_FIELDS.every(([, field, , rule]) => isWithinRule(state[field], rule))) return false;

	if (!Array.isArray(state.gpus) || state.gpus.length === 0) return false;
	const ids = new Set(state.gpus.map((gpu) => gpu?.id));
	if (ids.size !== state.gpus.length) return false;
	let total = 0;
	for (const gpu of state.gpus) {
		if (typeof gpu.id !== 'string' || !isWithinRule(gpu.count, LIMITS.gpuCount)) return false;
		if (known && gpu.id !== CUSTOM_ID && !known.gpus.has(gpu.id)) return false;
		total += gpu.count;
	}
	if (total > MAX_DEVICES) return false;

	if (ids.has(CUSTOM_ID) !== (state.customGpu !== undefined)) return false;
	if (state.customGpu !== undefined && !isValidCustomGpu(state.customGpu)) return false;

	if ((state.model === CUSTOM_ID) !== (state.customModel !== undefined)) return false;
	return state.customModel === undefined || isValidCustomModel(state.customModel);
}
