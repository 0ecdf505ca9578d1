import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'astro/zod';
import { pastDate, type RefFactory } from '../../schemas/common.ts';
import { describeValue, GUIDES, toMessagePath, type CatalogIssue } from './issues.ts';

/** A guide day: a real `YYYY-MM-DD` no later than today, handed to pages as a Date. */
const guideDay = () => pastDate('day').transform((text) => new Date(text));

/** Shows a day as `YYYY-MM-DD`, the way authors write it. */
const toDay = (date: Date) => date.toISOString().slice(0, 10);

/** Frontmatter of a guide: what the guide index, RSS and Open Graph cards need. */
export const makeGuideSchema = (ref: RefFactory) =>
	z
		.strictObject({
			/** Title as it appears in the page heading and the guide list. */
			title: z.string().min(5),
			/** One-sentence summary for the list, RSS and the Open Graph card. */
			description: z.string().min(20).max(200),
			/** Day the guide was first published, as YYYY-MM-DD. */
			published: guideDay(),
			/** Day the guide was last changed in substance, as YYYY-MM-DD; not before `published`. */
			updated: guideDay(),
			/** Models the guide is about, by catalog id. */
			models: z.array(ref('models')).default([]),
		})
		.superRefine((guide, ctx) => {
			// zod runs this even when a date failed its own check, and then hands over the raw text.
			if (!(guide.published instanceof Date) || !(guide.updated instanceof Date)) return;
			if (guide.updated.getTime() < guide.published.getTime()) {
				ctx.addIssue({
					code: 'custom',
					path: ['updated'],
					message: `expected updated to be no earlier than published (${toDay(guide.published)}), received "${toDay(guide.updated)}"`,
				});
			}
		});

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
