/**
 * Turns a pasted or uploaded config.json into the calculator's custom model. Loaded only when a
 * reader opens the custom-model panel, so the importer stays out of the calculator's first load.
 */
import { importHfConfig } from './engine/hf-config.ts';
import type { ModelArch } from './engine/types.ts';
import {
	findCustomModelProblem,
	MAX_LAYER_PATTERN_CHARS,
	MAX_NAME_CHARS,
	type CustomModel,
} from './permalink.ts';
import { toPrintableText } from './query-codec.ts';

/** The custom model, or a message naming what is wrong with the config. */
export type CustomModelImport = { ok: true; model: CustomModel; warnings: string[] } | { ok: false; error: string };

/** Writes runs of one layer kind as `(X)*N`, so long uniform stacks fit in a permalink. */
export function compressLayerKinds(kinds: string): string {
	return kinds.replace(/(.)\1{3,}/g, (run, kind: string) => `(${kind})*${run.length}`);
}

/** Keeps the fields of an engine architecture that a permalink can carry. */
export function toCustomModel(arch: ModelArch): CustomModel {
	const name = toPrintableText(arch.name).text.replace(/[<>]/g, '').slice(0, MAX_NAME_CHARS) || 'Custom model';
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

/** Imports a config.json text as a custom model; never throws. */
export function importConfigAsCustomModel(text: string): CustomModelImport {
	const imported = importHfConfig(text);
	if (!imported.ok) return { ok: false, error: `This config cannot be used: ${imported.error}` };
	const model = toCustomModel(imported.arch);
	if (model.layerPattern.length > MAX_LAYER_PATTERN_CHARS) {
		return { ok: false, error: `This model's ${model.layers} layers are too varied to put in a link.` };
	}
	const problem = findCustomModelProblem(model);
	if (problem) return { ok: false, error: `This config cannot be used: ${problem}` };
	return { ok: true, model, warnings: imported.warnings };
}
