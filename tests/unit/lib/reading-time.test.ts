import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getReadingMinutes, WORDS_PER_MINUTE } from '../../../src/lib/reading-time.ts';

describe('getReadingMinutes', () => {
	test('rounds up to whole minutes', () => {
		const words = Array.from({ length: WORDS_PER_MINUTE + 1 }, () => 'word').join(' ');

		assert.equal(getReadingMinutes(words), 2);
	});

	test('ignores lone punctuation and never says zero', () => {
		assert.equal(getReadingMinutes('— | --- |'), 1);
		assert.equal(getReadingMinutes(''), 1);
	});
});
