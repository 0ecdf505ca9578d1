/** Words a reader gets through in a minute of technical prose. */
export const WORDS_PER_MINUTE = 220;

/** Minutes to read a text, rounded up, at least one; markup and code fences count as words too. */
export function getReadingMinutes(text: string): number {
	const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
	return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}
