import type { z } from 'astro/zod';
import { describeValue } from './issues.ts';

/** Says what was found, spelling out a missing field. */
function describeFound(input: unknown): string {
	return input === undefined ? 'nothing (the field is missing)' : describeValue(input);
}

/**
 * Turns one zod issue into "expected X, received Y". Our schemas word most messages
 * themselves ("expected a number above 0 (GiB)"); zod's own are rebuilt from the issue code.
 */
export function toExpectedReceived(issue: z.core.$ZodIssue): string {
	if (issue.message.startsWith('expected')) {
		return issue.message.includes('received')
			? issue.message
			: `${issue.message}, received ${describeFound(issue.input)}`;
	}
	switch (issue.code) {
		case 'invalid_type':
			return `expected ${issue.expected}, received ${describeFound(issue.input)}`;
		case 'invalid_value':
			return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, received ${describeFound(issue.input)}`;
		case 'unrecognized_keys':
			return `expected no field named ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
		default:
			return `${issue.message.replace(/^Too (small|big): /, '')}, received ${describeFound(issue.input)}`;
	}
}
