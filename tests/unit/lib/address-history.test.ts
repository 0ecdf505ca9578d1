import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAddressWriter, type HistoryPort } from '../../../src/lib/address-history.ts';

/** A history that behaves like the browser's for push and replace, with Back as `back()`. */
function createFakeHistory(start = '') {
	const entries = [start];
	let index = 0;
	const port: HistoryPort = {
		getSearch: () => entries[index]!,
		push(search) {
			entries.splice(index + 1, Infinity, search);
			index += 1;
		},
		replace(search) {
			entries[index] = search;
		},
	};
	return {
		port,
		entries,
		back() {
			index = Math.max(0, index - 1);
			return entries[index];
		},
	};
}

describe('createAddressWriter', () => {
	test('adds one entry per step, so Back walks through each state', () => {
		const history = createFakeHistory();
		const writer = createAddressWriter(history.port);

		writer.write('v=1&c=8192');
		writer.write('v=1&c=16384');

		assert.deepEqual(history.entries, ['', '?v=1&c=8192', '?v=1&c=16384']);
		assert.equal(history.back(), '?v=1&c=8192');
	});

	test('adds nothing when the address already holds the query', () => {
		const history = createFakeHistory('?v=1');
		const writer = createAddressWriter(history.port);

		writer.write('v=1');

		assert.deepEqual(history.entries, ['?v=1']);
	});

	test('makes a whole gesture one entry that its later steps rewrite', () => {
		const history = createFakeHistory('?v=1');
		const writer = createAddressWriter(history.port);

		writer.write('v=1&h=31', 'gesture');
		writer.write('v=1&h=32', 'gesture');
		writer.write('v=1&h=40', 'gesture');

		assert.deepEqual(history.entries, ['?v=1', '?v=1&h=40']);
		assert.equal(history.back(), '?v=1');
	});

	test('starts a new entry for the next gesture once one has ended', () => {
		const history = createFakeHistory('?v=1');
		const writer = createAddressWriter(history.port);

		writer.write('v=1&h=40', 'gesture');
		writer.endGesture();
		writer.write('v=1&h=50', 'gesture');

		assert.deepEqual(history.entries, ['?v=1', '?v=1&h=40', '?v=1&h=50']);
	});

	test('never rewrites an entry a step added, even during a gesture', () => {
		const history = createFakeHistory('?v=1');
		const writer = createAddressWriter(history.port);

		writer.write('v=1&g=rtx-5090');
		writer.write('v=1&g=rtx-5090&h=40', 'gesture');

		assert.deepEqual(history.entries, ['?v=1', '?v=1&g=rtx-5090', '?v=1&g=rtx-5090&h=40']);
	});

	test('gives a step after a gesture an entry of its own', () => {
		const history = createFakeHistory('?v=1');
		const writer = createAddressWriter(history.port);

		writer.write('v=1&h=40', 'gesture');
		writer.write('v=1&h=40&w=300');

		assert.deepEqual(history.entries, ['?v=1', '?v=1&h=40', '?v=1&h=40&w=300']);
	});
});
