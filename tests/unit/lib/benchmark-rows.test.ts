import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import {
	deriveBenchmarkRows,
	describeBenchmarkRows,
	toBenchmarkChartConfig,
	type BenchmarkRow,
} from '../../../src/lib/benchmark-rows.ts';

const catalog = loadCatalog('content');
const rows = deriveBenchmarkRows(catalog, deriveCalculatorData(catalog));

describe('deriveBenchmarkRows', () => {
	test('gives every benchmark record a row with an estimate band', () => {
		assert.equal(rows.length, catalog.benchmarks.length);
		for (const row of rows) {
			assert.ok(row.estimatedTps.low <= row.estimatedTps.mid && row.estimatedTps.mid <= row.estimatedTps.high, row.id);
		}
	});

	test('estimates the Q2_K run on a 16 GB card with layers on the CPU, as it must have run', () => {
		const row = rows.find((r) => r.id === 'nemotron-cascade-2-rtx-4060-ti-16gb-q2_k');

		assert.ok(row);
		assert.ok(row.cpuLayers > 0, `cpuLayers ${row.cpuLayers}`);
	});
});

describe('describeBenchmarkRows', () => {
	test('counts runs inside, above and below the band', () => {
		const band = { low: 90, mid: 100, high: 110 };
		const make = (measuredTps: number) => ({ measuredTps, estimatedTps: band }) as BenchmarkRow;

		assert.equal(
			describeBenchmarkRows([make(100), make(120), make(50), make(90)]),
			"Of 4 measured runs, 2 fall inside the engine's speed band, 1 above it and 1 below it.",
		);
	});
});

describe('toBenchmarkChartConfig', () => {
	test('plots measured against the central estimate with an equality line spanning both', () => {
		const config = toBenchmarkChartConfig(rows);
		const [points, parity] = config.data.datasets as Array<{ data: Array<{ x: number; y: number }> }>;

		assert.equal(points?.data.length, rows.length);
		const top = Math.max(...rows.flatMap((r) => [r.measuredTps, r.estimatedTps.mid]));
		assert.ok((parity?.data[1]?.x ?? 0) >= top);
	});
});
