/** One line of the bench report: a figure, and its target when it has one. */
export interface Row {
	/** What was measured, e.g. "calculator /calculator/ modules". */
	name: string;
	/** The figure, formatted with its unit. */
	value: string;
	/** The target as text, e.g. "<= 35 KB"; left out when the figure is only reported. */
	target?: string | undefined;
	/** Whether the figure meets its target; left out when there is no target. */
	ok?: boolean | undefined;
	/** Short text after the verdict, e.g. the files counted. */
	detail?: string | undefined;
	/** Lines printed under the row, e.g. the audits that lost points. */
	notes?: readonly string[] | undefined;
}

/** Bytes in one KB as the report counts them. */
export const KB = 1024;

/** Formats a byte count as KB with one decimal, e.g. "12.3 KB". */
export function formatKb(bytes: number): string {
	return `${(bytes / KB).toFixed(1)} KB`;
}

/** Formats milliseconds: three decimals under 10 ms, none from 100 ms up. */
export function formatMs(ms: number): string {
	if (ms < 10) return `${ms.toFixed(3)} ms`;
	if (ms < 100) return `${ms.toFixed(1)} ms`;
	return `${Math.round(ms)} ms`;
}

/** Returns the middle value of a list (the mean of the two middle ones for an even count). */
export function getMedian(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	if (sorted.length === 0) return Number.NaN;
	if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
	return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Prints a section heading. */
export function printHeading(title: string): void {
	console.log('');
	console.log(title);
	console.log('-'.repeat(title.length));
}

/**
 * Prints rows as aligned columns: `name: value (target: ...) OK|OVER detail`, each row's notes
 * indented under it. Rows without a target leave the target column blank.
 */
export function printRows(rows: readonly Row[]): void {
	const nameWidth = Math.max(0, ...rows.map((row) => row.name.length + 1));
	const valueWidth = Math.max(0, ...rows.map((row) => row.value.length));
	const targets = rows.map((row) =>
		row.target === undefined ? '' : `(target: ${row.target}) ${row.ok ? 'OK' : 'OVER'}`,
	);
	const targetWidth = Math.max(0, ...targets.map((target) => target.length));
	for (const [index, row] of rows.entries()) {
		const columns = [
			`  ${`${row.name}:`.padEnd(nameWidth)}`,
			row.value.padStart(valueWidth),
			(targets[index] ?? '').padEnd(targetWidth),
			row.detail ?? '',
		];
		console.log(columns.join('  ').trimEnd());
		for (const note of row.notes ?? []) console.log(`      ${note}`);
	}
}

/** Prints indented lines of detail under a section (notes, lists of files or audits). */
export function printNotes(lines: readonly string[]): void {
	for (const line of lines) console.log(`    ${line}`);
}
