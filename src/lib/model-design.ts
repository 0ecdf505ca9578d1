import { expandLayerPattern } from './layer-pattern.ts';
import type { Model } from '../schemas/index.ts';

/** Design traits that change how a model is sized, in the order readers look for them. */
export const DESIGN_LABELS = {
	dense: 'Dense',
	moe: 'Mixture of experts',
	'sliding-window': 'Sliding window',
	mla: 'Latent attention (MLA)',
	hybrid: 'Hybrid recurrent',
} as const;
export type Design = keyof typeof DESIGN_LABELS;

/** Counts the layers of each kind in a model's layer pattern. */
export function countLayerKinds(layerPattern: string): Record<'F' | 'S' | 'R' | 'E' | 'D', number> {
	const counts = { F: 0, S: 0, R: 0, E: 0, D: 0 };
	const expanded = expandLayerPattern(layerPattern);
	if ('error' in expanded) return counts;
	for (const kind of expanded.layers) counts[kind as keyof typeof counts] += 1;
	return counts;
}

/** The design traits of a model, derived from its architecture fields. */
export function getModelDesigns(
	model: Pick<Model, 'layerPattern' | 'moe' | 'attention'>,
): Design[] {
	const counts = countLayerKinds(model.layerPattern);
	const designs: Design[] = [model.moe ? 'moe' : 'dense'];
	if (counts.S > 0) designs.push('sliding-window');
	if (model.attention?.mla) designs.push('mla');
	if (counts.R > 0) designs.push('hybrid');
	return designs;
}
