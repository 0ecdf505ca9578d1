/**
 * Turns a pasted or uploaded config.json into the calculator's custom model. Loaded only when a
 * reader opens the custom-model panel, so the importer stays out of the calculator's first load.
 */
import { importHfConfig } from './engine/hf-config.ts';
import type { ModelArch } from './engine/types.ts';
import {
	DEFAULT_CUSTOM_MODEL_NAME,
	findCustomModelNumberProblem,
	findCustomModelProblem,
	MAX_LAYER_PATTERN_CHARS,
	readNameOrDefault,
	type CustomModel,
	type CustomModelNumberProblem,
} from './permalink.ts';
import { formatPlainNumber, formatWithUnit, type ParseNote } from './query-codec.ts';

/** The custom model, or a message naming what is wrong with the config. */
export type CustomModelImport = { ok: true; model: CustomModel; warnings: string[] } | { ok: false; error: string };

/** Writes runs of one layer kind as `(X)*N`, so long uniform stacks fit in a permalink. */
export function compressLayerKinds(kinds: string): string {
	return kinds.replace(/(.)\1{3,}/g, (run, kind: string) => `(${kind})*${run.length}`);
}

/**
 * The config.json field behind each custom-model number that is read from one field in every
 * architecture, so a message can name what to fix. The others are derived (products, sums).
 */
const CONFIG_FIELDS: Readonly<Record<string, string>> = {
	layers: 'num_hidden_layers',
	hiddenSize: 'hidden_size',
	'attention.heads': 'num_attention_heads',
	'attention.kvHeads': 'num_key_value_heads',
	'attention.slidingWindow': 'sliding_window',
	'attention.mla.kvLoraRank': 'kv_lora_rank',
	'attention.mla.qkRopeHeadDim': 'qk_rope_head_dim',
	vocabSize: 'vocab_size',
	maxContext: 'max_position_embeddings',
};

/**
 * Keeps the fields of an engine architecture that a permalink can carry. The name is read the way
 * the link's decoder reads it, so it survives the round trip unchanged; remarks about it (cut
 * short, invisible characters dropped, or refused for `<` or `>`) are added to `notes`.
 */
export function toCustomModel(arch: ModelArch, notes: ParseNote[] = []): CustomModel {
	const name = readNameOrDefault(arch.name, 'Model name', DEFAULT_CUSTOM_MODEL_NAME, notes);
	const model: CustomModel = {
		name,
		totalParams: Math.round(arch.totalParams),
		activeParams: Math.round(arch.activeParams),
		layers: arch.layers,
		layerPattern: compressLayerKinds(arch.layerKinds),
		hiddenSize: arch.hiddenSize,
		vocabSize: arch.vocabSize,
		tiedEmbeddings: arch.tiedEmbeddings,
		maxContext: arch.maxContext,
	};
	if (arch.attention) {
		const { heads, kvHeads, headDim, headDimV, slidingWindow, mla } = arch.attention;
		model.attention = {
			heads,
			kvHeads,
			headDim,
			...(headDimV !== undefined ? { headDimV } : {}),
			...(slidingWindow !== undefined ? { slidingWindow } : {}),
			...(mla ? { mla: { kvLoraRank: mla.kvLoraRank, qkRopeHeadDim: mla.qkRopeHeadDim } } : {}),
		};
	}
	if (arch.recurrent) {
		const { kind, dConv, dInner, dState, nGroups } = arch.recurrent;
		model.recurrent = { kind, dConv, dInner, dState, nGroups };
	}
	if (arch.moe) model.moe = { ...arch.moe };
	return model;
}

/**
 * Says which number a link cannot carry, naming its config.json field when one field holds it:
 * what is expected, then what was found, like the importer's own messages.
 */
function describeNumberProblem({ field, label, value, rule }: CustomModelNumberProblem): string {
	const source = CONFIG_FIELDS[field];
	const what = source ? `"${source}"` : `the model's ${label}`;
	const expected = `a whole number from ${formatPlainNumber(rule.min)} to ${formatWithUnit(rule.max, rule.unit)}`;
	return `${what} must be ${expected} for a link to carry it, received ${String(value)}`;
}

/**
 * Imports a config.json text as a custom model; never throws. A model is accepted only when the
 * calculator's link can carry it, checked by the link's own rules, so a shared link reopens it.
 */
export function importConfigAsCustomModel(text: string): CustomModelImport {
	const imported = importHfConfig(text);
	if (!imported.ok) return { ok: false, error: `This config cannot be used: ${imported.error}` };

	const notes: ParseNote[] = [];
	const model = toCustomModel(imported.arch, notes);
	if (model.layerPattern.length > MAX_LAYER_PATTERN_CHARS) {
		return { ok: false, error: `This model's ${model.layers} layers are too varied to put in a link.` };
	}
	const number = findCustomModelNumberProblem(model);
	if (number) return { ok: false, error: `This config cannot be used: ${describeNumberProblem(number)}` };
	const problem = findCustomModelProblem(model);
	if (problem) return { ok: false, error: `This config cannot be used: the model ${problem}` };

	const warnings = [...imported.warnings, ...notes.map((note) => note.reason)];
	return { ok: true, model, warnings };
}
