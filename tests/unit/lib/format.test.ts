import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	formatBand,
	formatGB,
	formatGiB,
	formatMiB,
	formatParams,
	formatPercent,
	formatTokens,
	formatTps,
	GIB,
} from '../../../src/lib/format.ts';

describe('formatGiB', () => {
	test('shows one decimal at 1 GiB and above, two below', () => {
		assert.equal(formatGiB(24 * GIB), '24.0 GiB');
		assert.equal(formatGiB(0.5 * GIB), '0.50 GiB');
	});
});

describe('formatGB', () => {
	test('uses decimal gigabytes like file listings', () => {
		assert.equal(formatGB(18_200_000_000), '18.2 GB');
	});
});

describe('formatMiB', () => {
	test('groups thousands and drops decimals', () => {
		assert.equal(formatMiB(1024 * 1024 * 1536), '1,536 MiB');
	});
});

describe('formatTokens', () => {
	test('says K and M for round binary sizes and the exact count otherwise', () => {
		assert.equal(formatTokens(8192), '8K');
		assert.equal(formatTokens(131_072), '128K');
		assert.equal(formatTokens(1_048_576), '1M');
		assert.equal(formatTokens(1000), '1,000');
		assert.equal(formatTokens(625_000), '625,000');
	});
});

describe('formatParams', () => {
	test('keeps one decimal below ten billion', () => {
		assert.equal(formatParams(3.2e9), '3.2B');
		assert.equal(formatParams(31.6e9), '32B');
	});
});

describe('formatTps', () => {
	test('keeps a decimal only for slow speeds', () => {
		assert.equal(formatTps(187.23), '187 tok/s');
		assert.equal(formatTps(9.54), '9.5 tok/s');
	});
});

describe('formatBand', () => {
	test('writes a range with the unit once, or one figure when the ends agree', () => {
		assert.equal(formatBand(150, 210, formatTps), '150–210 tok/s');
		assert.equal(formatBand(150.2, 149.8, formatTps), '150 tok/s');
	});
});

describe('formatPercent', () => {
	test('signs the figure with a real minus sign', () => {
		assert.equal(formatPercent(0.0243), '+2.4%');
		assert.equal(formatPercent(-0.008), '−0.8%');
	});
});
