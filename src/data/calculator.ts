import { deriveCalculatorData } from '../lib/calculator-data.ts';
import { deriveCalculatorResult, type CalculatorData } from '../lib/calculator.ts';
import { CACHE_TYPES, createDefaultState, LIMITS, type CalculatorState } from '../lib/permalink.ts';
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

/** A state for a guide's preset: the default with the given picks, context and offload changed. */
export function getPresetState(preset: {
	model?: string;
	quant?: string;
	ctx?: number;
	kv?: string;
	gpus?: string[];
	cpuMoe?: number;
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
	if (preset.cpuMoe !== undefined) {
		const { min, max } = LIMITS.cpuMoeLayers;
		if (!Number.isInteger(preset.cpuMoe) || preset.cpuMoe < min || preset.cpuMoe > max) {
			throw new Error(`cpuMoe={${preset.cpuMoe}} is not a layer count; use a whole number from ${min} to ${max}.`);
		}
		state.cpuMoeLayers = preset.cpuMoe;
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
	/** Catalog model id. */
	model: string;
	/** Catalog quant id of the weights. */
	quant: string;
	/** Context length in tokens; the calculator's default when left out. */
	ctx?: number;
	/** K and V cache type (f16, q8_0, …); f16 when left out. */
	kv?: string;
	/** Catalog GPU id; one card. */
	gpu?: string;
	/** MoE layers whose experts stay in system RAM (llama.cpp's `--n-cpu-moe`); 0 when left out. */
	cpuMoe?: number;
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
	if (preset.cpuMoe && !data.models.find((m) => m.id === preset.model)?.arch.moe) {
		throw new Error(`${where}: "${preset.model}" has no experts, so cpuMoe does not apply; leave it out.`);
	}
	if (preset.gpu && !data.gpus.some((g) => g.id === preset.gpu)) {
		throw new Error(`${where}: there is no GPU "${preset.gpu}" in the catalog.`);
	}
	let state: CalculatorState;
	try {
		state = getPresetState({ ...preset, ...(preset.gpu ? { gpus: [preset.gpu] } : {}) });
	} catch (error) {
		// The preset's own message says what is wrong; the prefix says which component to fix.
		throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
	}
	const result = deriveCalculatorResult(state, data);
	if (!result) throw new Error(`${where}: the engine could not size "${preset.model}".`);
	return { state, result, data };
}
