import { deriveCalculatorData } from '../lib/calculator-data.ts';
import { deriveCalculatorResult, type CalculatorData } from '../lib/calculator.ts';
import { CACHE_TYPES, createDefaultState, type CalculatorState } from '../lib/permalink.ts';
import { getCatalog } from './catalog.ts';

/** The configuration the calculator opens with: the first guide's model on a used RTX 3090. */
export const DEFAULT_PICKS = {
	model: 'nemotron-cascade-2-30b-a3b',
	quant: 'iq4_xs',
	gpus: [{ id: 'rtx-3090', count: 1 }],
};

let cached: Promise<CalculatorData> | undefined;

/** The calculator's catalog data, derived and calibrated once per build. */
export function getCalculatorData(): Promise<CalculatorData> {
	cached ??= getCatalog().then(deriveCalculatorData);
	return cached;
}

/** The site's default calculator state; permalinks leave out what equals it. */
export function getDefaultState(): CalculatorState {
	return createDefaultState(DEFAULT_PICKS);
}

/** A state for a guide's preset: the default with the given picks and context changed. */
export function getPresetState(preset: {
	model?: string;
	quant?: string;
	ctx?: number;
	kv?: string;
	gpus?: string[];
}): CalculatorState {
	const state = getDefaultState();
	if (preset.model) state.model = preset.model;
	if (preset.quant) state.quant = preset.quant;
	if (preset.ctx) state.context = preset.ctx;
	if (preset.kv) {
		const kv = CACHE_TYPES.find((type) => type === preset.kv);
		if (!kv) throw new Error(`kv="${preset.kv}" is not a cache type; use one of ${CACHE_TYPES.join(', ')}.`);
		state.cacheTypeK = kv;
		state.cacheTypeV = kv;
	}
	if (preset.gpus && preset.gpus.length > 0) {
		const counts = new Map<string, number>();
		for (const id of preset.gpus) counts.set(id, (counts.get(id) ?? 0) + 1);
		state.gpus = [...counts].map(([id, count]) => ({ id, count }));
	}
	return state;
}

/** A guide's configuration: ids and numbers as MDX authors write them. */
export interface GuidePreset {
	model: string;
	quant: string;
	ctx?: number;
	kv?: string;
	gpu?: string;
}

/**
 * The calculator's answer for a guide's configuration, or a build error naming the component
 * and what it could not find, so a guide never renders an empty figure.
 */
export async function getGuideResult(preset: GuidePreset, where: string) {
	const data = await getCalculatorData();
	if (!data.models.some((m) => m.id === preset.model)) {
		throw new Error(`${where}: there is no model "${preset.model}" in the catalog.`);
	}
	if (!data.quants.some((q) => q.id === preset.quant)) {
		throw new Error(`${where}: there is no quant "${preset.quant}" in the catalog.`);
	}
	if (preset.gpu && !data.gpus.some((g) => g.id === preset.gpu)) {
		throw new Error(`${where}: there is no GPU "${preset.gpu}" in the catalog.`);
	}
	const state = getPresetState({ ...preset, ...(preset.gpu ? { gpus: [preset.gpu] } : {}) });
	const result = deriveCalculatorResult(state, data);
	if (!result) throw new Error(`${where}: the engine could not size "${preset.model}".`);
	return { state, result, data };
}
