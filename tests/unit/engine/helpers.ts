import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importHfConfig } from '../../../src/lib/engine/hf-config.ts';
import type { Device, ModelArch } from '../../../src/lib/engine/types.ts';

/** Bytes in a MiB and a GiB. */
export const MIB = 2 ** 20;
export const GIB = 2 ** 30;

/**
 * Asserts that `actual` is within `relative` (a fraction) of `expected`, with a message that
 * shows both and the difference in percent.
 */
export function assertClose(actual: number, expected: number, relative: number, what = 'value'): void {
	const difference = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
	assert.ok(
		difference <= relative,
		`${what}: expected ${expected} within ${(relative * 100).toFixed(2)}%, received ${actual} (${(difference * 100).toFixed(3)}% off)`,
	);
}

/** Reads and imports a config from tests/fixtures/hf-configs, failing the test if it does not import. */
export function loadFixtureArch(name: string): ModelArch {
	const text = readFileSync(new URL(`../../fixtures/hf-configs/${name}`, import.meta.url), 'utf8');
	const result = importHfConfig(text);
	if (!result.ok) throw new Error(`${name} did not import: ${result.error}`);
	return result.arch;
}

/** A discrete GPU with the given memory in GiB and bandwidth in GB/s. */
export function makeGpu(memoryGiB: number, bandwidthGBps = 936, id = `gpu-${memoryGiB}`): Device {
	return {
		id,
		name: id,
		memoryBytes: memoryGiB * GIB,
		bandwidthBytesPerSecond: bandwidthGBps * 1e9,
		kind: 'consumer',
	};
}
