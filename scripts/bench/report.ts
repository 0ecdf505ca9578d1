/**
 * How a figure stands against its target. NOT MEASURED: the bench could not take the figure
 * (no Chromium, a page not built, a run without a score), so it neither meets nor misses it.
 */
export type Verdict = 'OK' | 'OVER' | 'NOT MEASURED';

/** Every verdict, in the order the summary lists them. */
export const VERDICTS: readonly Verdict[] = ['OK', 'OVER', 'NOT MEASURED'];

/** One line of the bench report: a figure, and its target when it has one. */
export interface Row {
	/** What was measured, e.g. "calculator /calculator/ modules". */
	name: string;
	/** The figure, formatted with its unit. */
	value: string;
	/** The target as text, e.g. "<= 35 KB"; left out when the figure is only reported. */
	target?: string | undefined;
	/** How the figure stands against its target; left out when it is only reported. */
	verdict?: Verdict | undefined;
	/** Short text after the verdict, e.g. the files counted. */
	detail?: string | undefined;
	/** Lines printed under the row, e.g. the audits that lost points. */
	notes?: readonly string[] | undefined;
}

/** Bytes in one KB as the report counts them. */
export const KB = 1024;

/** The verdict of a figure that was measured: OK when it meets its target, else OVER. */
export function toVerdict(meetsTarget: boolean): Verdict {
	return meetsTarget ? 'OK' : 'OVER';
}

/** Value printed for a figure that could not be taken. */
export const NOT_MEASURED_VALUE = '-';

/** A row for a figure that has a target but could not be measured, with the reason. */
export function toNotMeasuredRow(name: string, target: string | undefined, reason: string): Row {
	return { name, value: NOT_MEASURED_VALUE, target, verdict: 'NOT MEASURED', detail: reason };
}

/** Counts the rows of each verdict; rows without one are only reported and not counted. */
export function countVerdicts(rows: readonly Row[]): Record<Verdict, number> {
	const counts: Record<Verdict, number> = { OK: 0, OVER: 0, 'NOT MEASURED': 0 };
	for (const row of rows) if (row.verdict) counts[row.verdict] += 1;
	return counts;
}

/** Formats the summary line, e.g. "Summary: 40 OK, 1 OVER, 0 NOT MEASURED". */
export function formatSummary(counts: Readonly<Record<Verdict, number>>): string {
	return `Summary: ${VERDICTS.map((verdict) => `${counts[verdict]} ${verdict}`).join(', ')}`;
}

/**
 * Formats a byte count as KB with one decimal, e.g. "12.3 KB"; a count that is not zero but
 * would show as "0.0 KB" is given in bytes ("34 B"), so it never reads as nothing.
 */
export function formatKb(bytes: number): string {
	if (bytes > 0 && bytes < KB / 20) return `${bytes} B`;
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

/** Formats a row's target column: "(target: <= 35 KB) OVER", or the verdict alone. */
export function formatTarget(row: Row): string {
	const target = row.target === undefined ? '' : `(target: ${row.target})`;
	return [target, row.verdict ?? ''].filter((part) => part !== '').join(' ');
}

/**
 * Prints rows as aligned columns: `name: value (target: ...) OK|OVER|NOT MEASURED detail`,
 * each row's notes indented under it. Rows without a target leave the target column blank.
 * Returns the rows, for the summary.
 */
export function printRows(rows: readonly Row[]): readonly Row[] {
	const nameWidth = Math.max(0, ...rows.map((row) => row.name.length + 1));
	const valueWidth = Math.max(0, ...rows.map((row) => row.value.length));
	const targets = rows.map(formatTarget);
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
	return rows;
}

/** Prints indented lines of detail under a section (notes, lists of files or audits). */
export function printNotes(lines: readonly string[]): void {
	for (const line of lines) console.log(`    ${line}`);
}
