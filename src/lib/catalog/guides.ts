import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { describeValue, GUIDES, toMessagePath, type CatalogIssue } from './issues.ts';

/** A guide's frontmatter as written, before validation. */
export interface RawGuide {
	/** Path of the file, for messages. */
	file: string;
	/** Path inside the guides folder without `.mdx`, as Astro names the entry. */
	id: string;
	/** The frontmatter fields. */
	data: Record<string, unknown>;
}

// The block Astro's frontmatter parser takes: from a `---` at the top (after a BOM or blank
// lines) to the next line that starts with `---`.
const FRONTMATTER = /(?:^\uFEFF?|^\s*\n)---([\s\S]*?\n)---/;

/** The `.mdx` files under `guidesDir`, relative to it and sorted; none if it is missing. */
export function listGuideFiles(guidesDir: string): string[] {
	try {
		const names = readdirSync(guidesDir, { recursive: true, encoding: 'utf8' });
		return names.filter((name) => name.endsWith('.mdx')).sort();
	} catch {
		return [];
	}
}

/**
 * Reads the frontmatter of every `.mdx` file under `guidesDir` (a missing folder holds no
 * guides). A file without frontmatter, or whose frontmatter is not a YAML mapping, goes to
 * `issues`.
 */
export function readGuides(guidesDir: string, issues: CatalogIssue[]): RawGuide[] {
	const guides: RawGuide[] = [];
	for (const name of listGuideFiles(guidesDir)) {
		const path = join(guidesDir, name);
		const file = toMessagePath(path);
		const id = name.slice(0, -'.mdx'.length).split(sep).join('/');
		const issue = (message: string) =>
			issues.push({ file, collection: GUIDES, id, field: '', message });

		const match = FRONTMATTER.exec(readFileSync(path, 'utf8'));
		if (!match) {
			issue('expected frontmatter between two "---" lines at the top of the file, received none');
			continue;
		}
		let parsed: unknown;
		try {
			// As Astro parses it, except that dates stay text: its timestamps turn 2025-02-30
			// into 2 March without a word.
			parsed = parseYaml(match[1] ?? '', { merge: true });
		} catch (error) {
			const reason = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
			issue(`frontmatter is not valid YAML: ${reason}`);
			continue;
		}
		if (parsed == null) parsed = {};
		if (typeof parsed !== 'object' || Array.isArray(parsed)) {
			issue(`expected frontmatter fields (a mapping), received ${describeValue(parsed)}`);
			continue;
		}
		guides.push({ file, id, data: parsed as Record<string, unknown> });
	}
	return guides;
}
