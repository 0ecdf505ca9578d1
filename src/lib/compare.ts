/**
 * The compare page's permalink: which GPUs or which models sit side by side, under documented
 * keys (COMPARE_PERMALINK_KEYS) and a version, read and written with the same rules as the
 * calculator's and the cost page's links (query-codec.ts).
 *
 * Writing is canonical: `v` first, then the one list, left out when it equals the default.
 * Reading never throws: whatever cannot be used is reported in `ignored` with a sentence meant
 * to be shown as plain text, and a list with nothing usable falls back to the default.
 */
import {
	joinQuery,
	makeVersionRule,
	quote,
	readQuery,
	takeField,
	toSafeExcerpt,
	type FieldRule,
	type IgnoredParam,
	type Parsed,
	type ParseNote,
} from './query-codec.ts';

/** Version of the key layout written into every compare link as `v`. */
export const COMPARE_PERMALINK_VERSION = 1;

/** Most items a comparison shows side by side. */
export const MAX_COMPARED = 4;

/** What can be compared; each kind is also the query key of its list. */
export const COMPARE_KINDS = ['gpus', 'models'] as const;

/** A kind of comparison: GPUs or models. */
export type CompareKind = (typeof COMPARE_KINDS)[number];

/** What a comparison link selects: GPUs or models, by catalog id. */
export interface CompareSelection {
	/** `gpus` or `models`: which list the link holds. */
	kind: CompareKind;
	/** Catalog ids in column order, 1 to MAX_COMPARED, each once. */
	ids: string[];
}

/** Catalog ids a compare link may name, per kind. */
export type CompareKnownIds = Readonly<Record<CompareKind, ReadonlySet<string>>>;

/** What `decodeCompareQuery` returns: a valid selection and every part of the link not used. */
export interface DecodedCompare {
	/** The selection, valid for the given catalog ids. */
	selection: CompareSelection;
	/** Parts of the link not taken as written, each with a sentence saying why. */
	ignored: IgnoredParam[];
}

/** The selection a compare link without a list opens with: three generations of one card. */
export const DEFAULT_COMPARE_SELECTION: Readonly<CompareSelection> = {
	kind: 'gpus',
	ids: ['rtx-3090', 'rtx-4090', 'rtx-5090'],
};

/** One documented query key of the compare link. */
export interface ComparePermalinkKey {
	/** The query key. */
	key: string;
	/** Format and limits, for the page's key table. */
	description: string;
}

/** Every key of the compare link, in the order links are written. */
export const COMPARE_PERMALINK_KEYS: readonly ComparePermalinkKey[] = [
	{
		key: 'v',
		description:
			'Version of the key layout, always written; `1` is the only one so far, and a link ' +
			'without it is read as `1`.',
	},
	{
		key: 'gpus',
		description:
			`GPUs to compare, as 1 to ${MAX_COMPARED} comma-separated catalog ids in column ` +
			'order, e.g. `rtx-3090,a40`. Default: RTX 3090, 4090 and 5090.',
	},
	{
		key: 'models',
		description:
			`Models to compare instead, 1 to ${MAX_COMPARED} catalog ids. Ignored when \`gpus\` ` +
			'is given too.',
	},
];

const KEY_NAMES = COMPARE_PERMALINK_KEYS.map((entry) => entry.key);

const VERSION_RULE = makeVersionRule(COMPARE_PERMALINK_VERSION);

/** Words for one kind in messages: the list ("GPUs"), one item ("GPU") and mid-sentence noun. */
const KIND_WORDS: Record<CompareKind, { list: string; item: string; noun: string }> = {
	gpus: { list: 'GPUs', item: 'GPU', noun: 'GPU' },
	models: { list: 'Models', item: 'Model', noun: 'model' },
};

/** Describes a selection for messages, e.g. "GPUs rtx-3090, rtx-4090". */
function describeSelection(selection: CompareSelection): string {
	return `${KIND_WORDS[selection.kind].list} ${selection.ids.join(', ')}`;
}

/**
 * Reads a comma-separated list of catalog ids. Empty entries, unknown ids, repeats and ids past
 * MAX_COMPARED are left out, each with a note; a list with no usable id is refused.
 */
export function parseCompareList(
	text: string,
	kind: CompareKind,
	known: ReadonlySet<string>,
): Parsed<string[]> {
	const { list, item, noun } = KIND_WORDS[kind];
	const ids: string[] = [];
	const notes: ParseNote[] = [];
	const parts = text.split(',');
	for (const part of parts) {
		if (part === '') continue;
		if (!known.has(part)) {
			notes.push({
				value: part,
				reason: `${item} ${quote(part)} is not in the catalog, so it is left out.`,
			});
		} else if (ids.includes(part)) {
			notes.push({
				value: part,
				reason: `${item} ${quote(part)} is listed more than once, so it is shown once.`,
			});
		} else if (ids.length >= MAX_COMPARED) {
			notes.push({
				value: part,
				reason: `Only ${MAX_COMPARED} can be compared at once, so ${item} ${quote(part)} is left out.`,
			});
		} else {
			ids.push(part);
		}
	}

	if (ids.length === 0) return { ok: false, problem: `names no ${noun} this page can show` };
	const empty = parts.filter((part) => part === '').length;
	if (empty > 0) {
		const entries = empty === 1 ? 'an empty entry, which is' : `${empty} empty entries, which are`;
		notes.unshift({ value: text, reason: `${list} ${quote(text)} has ${entries} left out.` });
	}
	return { ok: true, value: ids, notes };
}

/**
 * Reads a compare selection from a query (with or without `?`) or URLSearchParams. Never throws:
 * unknown and repeated keys, a `models` list beside a `gpus` one, and unusable ids are listed in
 * `ignored`; with no usable list, `fallback` (which must be valid) is kept. A link without `v`
 * is read as version 1.
 */
export function decodeCompareQuery(
	query: string | URLSearchParams,
	known: CompareKnownIds,
	fallback: Readonly<CompareSelection> = DEFAULT_COMPARE_SELECTION,
): DecodedCompare {
	const { values, ignored } = readQuery(query, KEY_NAMES);
	takeField(values, VERSION_RULE, COMPARE_PERMALINK_VERSION, ignored);
	const copy = (selection: Readonly<CompareSelection>) => ({
		kind: selection.kind,
		ids: [...selection.ids],
	});

	const kind: CompareKind | undefined = values.has('gpus')
		? 'gpus'
		: values.has('models')
			? 'models'
			: undefined;
	if (kind === undefined) return { selection: copy(fallback), ignored };
	if (kind === 'gpus' && values.has('models')) {
		const models = values.get('models')!;
		ignored.push({
			key: 'models',
			value: toSafeExcerpt(models),
			reason:
				`Models ${quote(models)} cannot be compared together with GPUs ("gpus"), ` +
				'so they are ignored.',
		});
	}

	const rule: FieldRule<CompareSelection> = {
		key: kind,
		label: KIND_WORDS[kind].list,
		parse: (text) => {
			const parsed = parseCompareList(text, kind, known[kind]);
			return parsed.ok ? { ...parsed, value: { kind, ids: parsed.value } } : parsed;
		},
		describe: describeSelection,
	};
	const selection = takeField(values, rule, copy(fallback), ignored);
	return { selection, ignored };
}

/**
 * Writes a selection as a query (without `?`): `v` always, then the selection's list unless it
 * equals `defaults`. The same selection always gives the same string.
 */
export function encodeCompareQuery(
	selection: Readonly<CompareSelection>,
	defaults: Readonly<CompareSelection> = DEFAULT_COMPARE_SELECTION,
): string {
	const pairs: Array<[string, string]> = [['v', String(COMPARE_PERMALINK_VERSION)]];
	if (!isSameSelection(selection, defaults)) pairs.push([selection.kind, selection.ids.join(',')]);
	return joinQuery(pairs);
}

/** Whether two selections hold the same kind and the same ids in the same order. */
export function isSameSelection(
	a: Readonly<CompareSelection>,
	b: Readonly<CompareSelection>,
): boolean {
	if (a.kind !== b.kind || a.ids.length !== b.ids.length) return false;
	return a.ids.every((id, index) => id === b.ids[index]);
}

/**
 * Whether a value is a selection `decodeCompareQuery` could return: a known kind and 1 to
 * MAX_COMPARED distinct ids, all in the catalog when `known` is given.
 */
export function isValidCompareSelection(
	value: unknown,
	known?: CompareKnownIds,
): value is CompareSelection {
	if (typeof value !== 'object' || value === null) return false;
	const selection = value as CompareSelection;
	if (!(COMPARE_KINDS as readonly string[]).includes(selection.kind)) return false;
	const { ids } = selection;
	if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_COMPARED) return false;
	if (new Set(ids).size !== ids.length) return false;
	return ids.every(
		(id) =>
			typeof id === 'string' &&
			id !== '' &&
			!id.includes(',') &&
			(!known || known[selection.kind].has(id)),
	);
}
