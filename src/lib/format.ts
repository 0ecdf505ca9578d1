/** Bytes in a GiB (2^30), the unit llama.cpp logs and GPU memory is sold in. */
export const GIB = 2 ** 30;
/** Bytes in a MiB (2^20). */
export const MIB = 2 ** 20;
/** Bytes in a decimal GB (1e9), the unit file listings use. */
export const GB = 1e9;

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat for a fixed number of fraction digits. */
function getNumberFormat(digits: number, locale = 'en-US'): Intl.NumberFormat {
	const key = `${locale}:${digits}`;
	let format = numberFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(locale, {
			minimumFractionDigits: digits,
			maximumFractionDigits: digits,
		});
		numberFormats.set(key, format);
	}
	return format;
}

/** Formats a number with a fixed number of decimals and grouping, e.g. 12,345.6. */
export function formatFixed(value: number, digits = 0): string {
	return getNumberFormat(digits).format(value);
}

/** Bytes as GiB with one decimal (two below 1 GiB), unit included: "18.4 GiB". */
export function formatGiB(bytes: number): string {
	const gib = bytes / GIB;
	return `${formatFixed(gib, Math.abs(gib) < 1 ? 2 : 1)} GiB`;
}

/** Bytes as decimal GB, the way file listings show sizes: "18.2 GB". */
export function formatGB(bytes: number): string {
	return `${formatFixed(bytes / GB, 1)} GB`;
}

/** Bytes as MiB with no decimals: "1,024 MiB". */
export function formatMiB(bytes: number): string {
	return `${formatFixed(bytes / MIB, 0)} MiB`;
}

/** A token count the way readers say it: 8K, 128K, 1M; exact below 1024. */
export function formatTokens(tokens: number): string {
	if (tokens >= 1024 * 1024 && tokens % (1024 * 1024) === 0) return `${tokens / (1024 * 1024)}M`;
	if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
	return formatFixed(tokens, 0);
}

/** Parameters in billions with the unit: "30.0B", "3.2B". */
export function formatParams(count: number): string {
	return `${formatFixed(count / 1e9, count < 10e9 ? 1 : 0)}B`;
}

/** Rounds a speed as formatTps shows it: whole from 10 tok/s up, one decimal below. */
export function roundTps(tps: number): number {
	return tps < 10 ? Math.round(tps * 10) / 10 : Math.round(tps);
}

/** Tokens per second, no decimals above 10: "187 tok/s", "9.5 tok/s". */
export function formatTps(tps: number): string {
	return `${formatFixed(tps, tps < 10 ? 1 : 0)} tok/s`;
}

/** A band "low–high unit" that collapses to one figure when both ends round alike. */
export function formatBand(low: number, high: number, format: (value: number) => string): string {
	const a = format(low);
	const b = format(high);
	return a === b ? a : `${a.replace(/ [^ ]+$/, '')}–${b}`;
}

/** A signed percentage with one decimal: "+2.4%", "−0.8%". */
export function formatPercent(fraction: number): string {
	const text = formatFixed(Math.abs(fraction * 100), 1);
	return `${fraction < 0 ? '−' : '+'}${text}%`;
}
