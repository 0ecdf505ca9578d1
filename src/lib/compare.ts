import { parseKnownId } from './query-codec.ts';

/** Most items a comparison shows side by side. */
export const MAX_COMPARED = 4;

/** What a comparison link selects: GPUs or models, by catalog id. */
export interface CompareSelection {
	kind: 'gpus' | 'models';
	ids: string[];
}

/** A part of a comparison link that was not used, with the reason in a sentence. */
export interface CompareNotice {
	value: string;
	reason: string;
}

/**
 * Reads `?gpus=a,b` or `?models=a,b`. Unknown ids, duplicates and anything past MAX_COMPARED
 * are dropped with a notice; with nothing usable the fallback selection is kept.
 */
export function parseCompareQuery(
	query: string,
	known: { gpus: ReadonlySet<string>; models: ReadonlySet<string> },
	fallback: CompareSelection,
): { selection: CompareSelection; notices: CompareNotice[] } {
	const params = new URLSearchParams(query.slice(0, 2000));
	const kind = params.has('models') && !params.has('gpus') ? 'models' : 'gpus';
	const raw = params.get(kind);
	if (raw === null) return { selection: fallback, notices: [] };
	const notices: CompareNotice[] = [];
	const ids: string[] = [];
	for (const part of raw.split(',').filter(Boolean)) {
		const parsed = parseKnownId(part, known[kind], 'the catalog');
		if (!parsed.ok) {
			notices.push({ value: part.slice(0, 40), reason: `"${part.slice(0, 40)}" ${parsed.problem}, so it is left out.` });
		} else if (ids.includes(parsed.value)) {
			continue;
		} else if (ids.length >= MAX_COMPARED) {
			notices.push({ value: part.slice(0, 40), reason: `Only ${MAX_COMPARED} can be compared at once; "${parsed.value}" is left out.` });
		} else {
			ids.push(parsed.value);
		}
	}
	if (ids.length === 0) return { selection: fallback, notices };
	return { selection: { kind, ids }, notices };
}

/** Writes a selection as a query, without `?`. */
export function encodeCompareQuery(selection: CompareSelection): string {
	return `${selection.kind}=${selection.ids.map(encodeURIComponent).join(',')}`;
}
