/**
 * Layer patterns: one letter per layer (F full attention, S sliding window, R recurrent,
 * E MoE only, D dense MLP only), with `(XY)*N` for N repeats of a group. Shared by the catalog
 * schema, the engine and the permalink codec, and free of zod so islands can use it.
 */

/** Letters a pattern may hold, once expanded. */
export const LAYER_LETTERS = 'FSRED';

/** An expanded pattern, or what is wrong with it. */
export type LayerPatternResult =
	| { layers: string }
	| { error: 'letter'; letter: string }
	| { error: 'length'; maxLayers: number };

const GROUP = /\(([A-Z]+)\)\*(\d+)/g;

/**
 * Expands a pattern, refusing one that would expand past `maxLayers` before building it (a link
 * could otherwise ask for `(F)*999999999999`) or that holds a letter other than LAYER_LETTERS.
 */
export function expandLayerPattern(pattern: string, maxLayers = Number.MAX_SAFE_INTEGER): LayerPatternResult {
	const compact = pattern.replace(/\s+/g, '');
	let length = compact.length;
	for (const match of compact.matchAll(GROUP)) {
		length += match[1]!.length * Number(match[2]) - match[0].length;
	}
	if (!(length <= maxLayers)) return { error: 'length', maxLayers };

	const layers = compact.replace(GROUP, (_, letters: string, times: string) => letters.repeat(Number(times)));
	const bad = /[^FSRED]/u.exec(layers);
	return bad ? { error: 'letter', letter: bad[0] } : { layers };
}
