import { isAbsolute, relative } from 'node:path';

/** Name guides go by in messages, next to the catalog's collections. */
export const GUIDES = 'guides';

/** One problem found in a catalog record, ready to print. */
export interface CatalogIssue {
	/** File the record lives in, relative to the project. */
	file: string;
	/** Collection of the record, or `guides` for a guide's frontmatter. */
	collection: string;
	/** Record id, or "(no id)" when the record lacks one. */
	id: string;
	/** Dotted path of the field, e.g. "attention.kvHeads"; empty for the record itself. */
	field: string;
	/** What was wrong, as "expected X, received Y". */
	message: string;
}

/** Thrown when the catalog does not validate; its message lists every issue. */
export class CatalogError extends Error {
	readonly issues: readonly CatalogIssue[];

	constructor(issues: readonly CatalogIssue[]) {
		super(formatCatalogIssues(issues));
		this.name = 'CatalogError';
		this.issues = issues;
	}
}

/**
 * Groups issues per file: a headline with the file and the count, then one line per issue,
 * `collection "id" field: message`, then where the fields are described.
 */
export function formatCatalogIssues(issues: readonly CatalogIssue[]): string {
	const byFile = new Map<string, CatalogIssue[]>();
	for (const issue of issues) {
		byFile.set(issue.file, [...(byFile.get(issue.file) ?? []), issue]);
	}
	const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
	const lines = [`The catalog has ${count}.`];
	for (const [file, fileIssues] of byFile) {
		lines.push(`${file}:`);
		for (const issue of fileIssues) {
			const field = issue.field ? ` ${issue.field}` : '';
			lines.push(`  ${issue.collection} "${issue.id}"${field}: ${issue.message}`);
		}
	}
	lines.push('Fix the fields named above; each field is described in src/schemas/.');
	if (issues.some((issue) => issue.collection === GUIDES)) {
		lines.push('Guide frontmatter fields are described in src/schemas/guide.ts.');
	}
	return lines.join('\n');
}

/**
 * Shows a file path the way messages name it: relative to the working directory when the file
 * is inside it, absolute otherwise.
 */
export function toMessagePath(path: string): string {
	const fromHere = relative(process.cwd(), path);
	return fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}

/** Quotes a found value for a message: short, on one line, and safe to print. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') {
		const oneLine = value.replace(/[\u0000-\u001f\u007f]/g, ' ');
		return `"${oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine}"`;
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	return 'an object';
}
