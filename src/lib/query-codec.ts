/**
 * Shared rules for the site's permalinks: reading bounded numbers, enums, catalog ids and free
 * text out of a query string without ever throwing, and writing them back canonically.
 *
 * Every value that cannot be used is reported as an `IgnoredParam` whose reason is a complete
 * sentence. Those sentences quote what the visitor's link held, so they are built for plain-text
 * rendering only: quotes are made printable and cut short, never escaped for HTML.
 */

/** Longest value read from one query parameter, in UTF-16 code units; longer ones are ignored. */
export const MAX_VALUE_CHARS = 2000;

/** Longest query string read at all, in characters; a longer one is ignored as a whole. */
export const MAX_QUERY_CHARS = 8000;

/** Longest excerpt of a value quoted back in a message, in code points (an ellipsis follows). */
export const MAX_QUOTE_CHARS = 40;

/** The `key` of an ignored entry about the query as a whole rather than one setting. */
export const WHOLE_QUERY_KEY = '(query)';

/** Characters that do not print: controls, format marks (bidi overrides, zero-width), lone
 * surrogates, private use, unassigned code points and line or paragraph separators. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;

/** Characters that could open or close markup; custom names may not contain them. */
const MARKUP = /[<>]/;

/** A part of a link that was not taken as written, and why. */
export interface IgnoredParam {
	/** Query key the value came from, or WHOLE_QUERY_KEY. */
	key: string;
	/** The value as received, made printable and cut to MAX_QUOTE_CHARS (plain text, not HTML). */
	value: string;
	/** A full sentence that quotes the value and says what is used instead. */
	reason: string;
}

/** A remark about part of a value that was read anyway (for example a name that was cleaned). */
export interface ParseNote {
	/** The part of the value the remark is about, raw; it is quoted safely when reported. */
	value: string;
	/** A full sentence, already quoting the value safely. */
	reason: string;
}

/** The outcome of reading one value: the value (with remarks), or a phrase saying what is wrong. */
export type Parsed<T> =
	{ ok: true; value: T; notes?: ParseNote[] } | { ok: false; problem: string };

/** How one query key is read and how its fallback is described in messages. */
export interface FieldRule<T> {
	/** Query key, e.g. "c". */
	key: string;
	/** What the key holds, capitalised, for the start of a sentence, e.g. "Context". */
	label: string;
	/** Reads the raw (already percent-decoded) text of the value. */
	parse: (text: string) => Parsed<T>;
	/** Describes a value for messages, e.g. "8,192 tokens". */
	describe: (value: T) => string;
	/** Ends the sentence about a rejected value; by default "the default (…) is used". */
	fallbackPhrase?: (fallback: T) => string;
}

/** Limits of a number read from a link. */
export interface NumberRule {
	/** Smallest value accepted, inclusive. */
	min: number;
	/** Largest value accepted, inclusive. */
	max: number;
	/** Digits allowed after the decimal point; 0 for a whole number. */
	decimals: number;
	/** Unit shown after the number in messages, e.g. "tokens"; empty for a plain count. */
	unit: string;
}

const PLAIN_NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** Formats a number for a message, in English with thousands separators: "2,097,152". */
export function formatPlainNumber(value: number): string {
	return PLAIN_NUMBER.format(value);
}

/**
 * Formats a number with its unit for a message: "8,192 tokens", "1 month", or just "3" without a
 * unit. A plural word unit ("months", "layers") loses its final "s" for exactly 1.
 */
export function formatWithUnit(value: number, unit: string): string {
	if (!unit) return formatPlainNumber(value);
	const word = value === 1 && /^[a-z]+s$/.test(unit) ? unit.slice(0, -1) : unit;
	return `${formatPlainNumber(value)} ${word}`;
}

/**
 * Makes text safe to quote in a message: every non-printing character becomes U+FFFD and the
 * result is cut to `max` code points, with an ellipsis when something was cut.
 */
export function toSafeExcerpt(text: string, max = MAX_QUOTE_CHARS): string {
	const points = Array.from(text.replace(NON_PRINTABLE, '\uFFFD'));
	return points.length > max ? `${points.slice(0, max).join('')}…` : points.join('');
}

/** Quotes text for a message: `"…"` around its safe excerpt. */
export function quote(text: string): string {
	return `"${toSafeExcerpt(text)}"`;
}

/**
 * Keeps only printable characters of free text, turns each run of white space into one space
 * and trims the ends. Returns the text and how many characters were dropped as non-printing.
 */
export function toPrintableText(raw: string): { text: string; removed: number } {
	let removed = 0;
	const printable = raw.replace(NON_PRINTABLE, () => {
		removed += 1;
		return '';
	});
	return { text: printable.replace(/\s+/gu, ' ').trim(), removed };
}

/** Whether text contains `<` or `>`, which names in links may not use. */
export function hasMarkup(text: string): boolean {
	return MARKUP.test(text);
}

/** Counts code points, so a name's limit means the same for emoji as for letters. */
export function countCodePoints(text: string): number {
	return Array.from(text).length;
}

/**
 * Whether a name could have come out of `parseName` unchanged: printable, single-spaced,
 * trimmed, free of markup characters, not empty and at most `maxChars` code points.
 */
export function isCleanName(value: unknown, maxChars: number): value is string {
	if (typeof value !== 'string' || value === '' || hasMarkup(value)) return false;
	return toPrintableText(value).text === value && countCodePoints(value) <= maxChars;
}

/**
 * Reads a display name. Non-printing characters are dropped and a name over `maxChars` code
 * points is cut, each with a note; a name with markup characters, or nothing printable, is
 * refused so the caller's default name stands.
 */
export function parseName(raw: string, label: string, maxChars: number): Parsed<string> {
	const notes: ParseNote[] = [];
	if (hasMarkup(raw)) {
		return { ok: false, problem: 'contains < or >, which names may not use' };
	}

	const { text, removed } = toPrintableText(raw);
	if (text === '') return { ok: false, problem: 'has no printable characters' };
	if (removed > 0) {
		const what = removed === 1 ? 'character, which was' : 'characters, which were';
		notes.push({
			value: raw,
			reason: `${label} ${quote(raw)} had ${removed} control or invisible ${what} removed.`,
		});
	}

	let name = text;
	if (countCodePoints(name) > maxChars) {
		name = Array.from(name).slice(0, maxChars).join('').trim();
		notes.push({
			value: raw,
			reason: `${label} ${quote(raw)} is longer than ${maxChars} characters, so it was shortened.`,
		});
	}
	return { ok: true, value: name, notes };
}

/**
 * Reads a number within limits. Accepts plain decimal digits with an optional point (and a minus
 * sign, only to report it as out of range); no exponents, spaces, signs or hexadecimal.
 */
export function parseBoundedNumber(text: string, rule: NumberRule): Parsed<number> {
	if (text === '') return { ok: false, problem: 'has no value' };
	const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) {
		return {
			ok: false,
			problem: rule.decimals === 0 ? 'is not a whole number' : 'is not a number',
		};
	}

	const fraction = match[3] ?? '';
	if (rule.decimals === 0 && fraction !== '' && !/^0+$/.test(fraction)) {
		return { ok: false, problem: 'is not a whole number' };
	}
	if (rule.decimals > 0 && fraction.replace(/0+$/, '').length > rule.decimals) {
		return { ok: false, problem: describeTooManyDecimals(rule) };
	}

	// Adding zero turns "-0" into 0, so a state never holds negative zero.
	const value = Number(text) + 0;
	const range = findRangeProblem(value, rule);
	return range ? { ok: false, problem: range } : { ok: true, value };
}

/** The phrase for a number with more decimals than its rule allows. */
function describeTooManyDecimals(rule: NumberRule): string {
	if (rule.decimals === 0) return 'is not a whole number';
	const places = rule.decimals === 1 ? 'decimal place' : 'decimal places';
	return `has more than ${rule.decimals} ${places}`;
}

/** The phrase for a number outside its rule's limits, or undefined when it is inside. */
function findRangeProblem(value: number, rule: NumberRule): string | undefined {
	if (value < rule.min) return `is below the minimum of ${formatWithUnit(rule.min, rule.unit)}`;
	if (value > rule.max) return `is above the maximum of ${formatWithUnit(rule.max, rule.unit)}`;
	return undefined;
}

/**
 * Reads what a reader typed into a number field: rounded to the rule's decimals, so a form never
 * holds a number its link would refuse. Null for empty or non-numeric text and for a value
 * outside the limits, which should leave the state as it was.
 */
export function parseTypedNumber(text: string, rule: NumberRule): number | null {
	if (text.trim() === '') return null;
	const factor = 10 ** rule.decimals;
	// Adding zero turns a rounded -0 into 0, which isWithinRule would refuse.
	const value = Math.round(Number(text) * factor) / factor + 0;
	return Number.isFinite(value) && value >= rule.min && value <= rule.max ? value : null;
}

/**
 * Says what keeps a value from being a number the rule accepts, in the words parseBoundedNumber
 * uses ("is above the maximum of 2,048 GiB"), or undefined when it is one: finite, not -0, within
 * the limits and with no more decimals than allowed.
 */
export function findNumberProblem(value: unknown, rule: NumberRule): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number';
	if (Object.is(value, -0)) return 'is -0, which a link cannot tell from 0';
	const range = findRangeProblem(value, rule);
	if (range) return range;
	return Number(value.toFixed(rule.decimals)) === value ? undefined : describeTooManyDecimals(rule);
}

/** Whether a number is finite, within the rule's limits and has no more decimals than allowed. */
export function isWithinRule(value: unknown, rule: NumberRule): value is number {
	return findNumberProblem(value, rule) === undefined;
}

/** Reads one of a fixed list of words, matching case exactly. */
export function parseEnum<T extends string>(text: string, allowed: readonly T[]): Parsed<T> {
	if ((allowed as readonly string[]).includes(text)) return { ok: true, value: text as T };
	return { ok: false, problem: `is not one of ${allowed.join(', ')}` };
}

/** Reads an id that must be in a set of known ids, e.g. the catalog's models. */
export function parseKnownId(
	text: string,
	known: ReadonlySet<string>,
	where: string,
): Parsed<string> {
	if (text === '') return { ok: false, problem: 'has no value' };
	return known.has(text) ? { ok: true, value: text } : { ok: false, problem: `is not in ${where}` };
}

/** Makes a field rule for a bounded number, described with its unit. */
export function makeNumberRule(key: string, label: string, rule: NumberRule): FieldRule<number> {
	return {
		key,
		label,
		parse: (text) => parseBoundedNumber(text, rule),
		describe: (value) => formatWithUnit(value, rule.unit),
	};
}

/** Makes a field rule for one word of a fixed list. */
export function makeEnumRule<T extends string>(
	key: string,
	label: string,
	allowed: readonly T[],
): FieldRule<T> {
	return { key, label, parse: (text) => parseEnum(text, allowed), describe: (value) => value };
}

/**
 * Makes the rule of a link's version key `v`: only `version` is read, and any other value is
 * reported while the link is read as that version. A link without `v` keeps the fallback given
 * to takeField, so links from before versioning read as the first version.
 */
export function makeVersionRule<V extends number>(version: V): FieldRule<V> {
	return {
		key: 'v',
		label: 'Version',
		parse: (text) =>
			text === String(version)
				? { ok: true, value: version }
				: { ok: false, problem: `is not supported (this page reads version ${version})` },
		describe: String,
		fallbackPhrase: (fallback) => `the link is read as version ${fallback}`,
	};
}

/** The values of a query, one per known key, and what was ignored while reading it. */
export interface QueryValues {
	/** Raw value of each known key that appeared, first occurrence only. */
	values: Map<string, string>;
	/** Unknown keys, repeated keys, or the whole query when it was too long. */
	ignored: IgnoredParam[];
}

/**
 * Splits a query (with or without its leading `?`) into values for the given keys. A query
 * longer than MAX_QUERY_CHARS is not read at all. Unknown keys and repeats are reported.
 */
export function readQuery(query: string | URLSearchParams, keys: readonly string[]): QueryValues {
	const values = new Map<string, string>();
	const ignored: IgnoredParam[] = [];
	const text = typeof query === 'string' ? query.replace(/^\?/, '') : query.toString();
	if (text.length > MAX_QUERY_CHARS) {
		ignored.push({
			key: WHOLE_QUERY_KEY,
			value: toSafeExcerpt(text),
			reason:
				`The link's settings are ${formatPlainNumber(text.length)} characters long, ` +
				`more than the ${formatPlainNumber(MAX_QUERY_CHARS)} this page reads, ` +
				'so every setting keeps its default.',
		});
		return { values, ignored };
	}

	const params = typeof query === 'string' ? new URLSearchParams(text) : query;
	for (const [key, value] of params) {
		if (key === '' && value === '') continue;
		if (!keys.includes(key)) {
			ignored.push({
				key: toSafeExcerpt(key),
				value: toSafeExcerpt(value),
				reason: `Setting ${quote(key)} is not one this page knows, so it is ignored.`,
			});
		} else if (values.has(key)) {
			ignored.push({
				key,
				value: toSafeExcerpt(value),
				reason: `Setting "${key}" appears more than once, so only its first value is used.`,
			});
		} else {
			values.set(key, value);
		}
	}
	return { values, ignored };
}

/**
 * Reads one field: its parsed value when the key is present and valid, else `fallback`. Every
 * rejection and every note is added to `ignored` as a sentence naming what is used instead.
 */
export function takeField<T>(
	values: ReadonlyMap<string, string>,
	rule: FieldRule<T>,
	fallback: T,
	ignored: IgnoredParam[],
): T {
	const text = values.get(rule.key);
	if (text === undefined) return fallback;

	const parsed: Parsed<T> =
		text.length > MAX_VALUE_CHARS
			? { ok: false, problem: `is longer than ${formatPlainNumber(MAX_VALUE_CHARS)} characters` }
			: rule.parse(text);
	if (!parsed.ok) {
		const instead = rule.fallbackPhrase
			? rule.fallbackPhrase(fallback)
			: `the default (${rule.describe(fallback)}) is used`;
		ignored.push({
			key: rule.key,
			value: toSafeExcerpt(text),
			reason: `${rule.label} ${quote(text)} ${parsed.problem}, so ${instead}.`,
		});
		return fallback;
	}

	for (const note of parsed.notes ?? []) {
		ignored.push({ key: rule.key, value: toSafeExcerpt(note.value), reason: note.reason });
	}
	return parsed.value;
}

/**
 * Percent-encodes a value for a query, leaving `,`, `:`, `*`, `(`, `)`, `!`, `~` readable.
 * A space becomes `%20` and `+` becomes `%2B`, since form decoding reads `+` as a space.
 */
export function encodeQueryValue(value: string): string {
	// encodeURIComponent throws on a lone surrogate; clean states never hold one, but encoding
	// must not crash on a state that skipped validation.
	const wellFormed = value.replace(/\p{Cs}/gu, '\uFFFD');
	return encodeURIComponent(wellFormed)
		.replace(/%2C/g, ',')
		.replace(/%3A/g, ':')
		.replace(/'/g, '%27');
}

/** Joins key-value pairs into a query string (without `?`), in the order given. */
export function joinQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
	return pairs.map(([key, value]) => `${key}=${encodeQueryValue(value)}`).join('&');
}

/** Writes a number for a link: the shortest text that reads back as the same number. */
export function formatQueryNumber(value: number): string {
	return String(value);
}
