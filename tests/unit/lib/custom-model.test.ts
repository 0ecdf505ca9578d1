import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { FUZZ_RUNS } from '../fuzz.ts';
import { compressLayerKinds, importConfigAsCustomModel } from '../../../src/lib/custom-model.ts';
import { importHfConfig } from '../../../src/lib/engine/hf-config.ts';
import { expandLayerPattern } from '../../../src/lib/layer-pattern.ts';
import {
	CUSTOM_ID,
	createDefaultState,
	decodeState,
	encodeState,
	isValidState,
	type CalculatorState,
	type CustomModel,
	type KnownIds,
} from '../../../src/lib/permalink.ts';

/** A Llama-shaped config that imports, for tests that change one field. */
const LLAMA = {
	architectures: ['LlamaForCausalLM'],
	model_type: 'llama',
	hidden_size: 4096,
	intermediate_size: 14336,
	num_attention_heads: 32,
	num_key_value_heads: 8,
	num_hidden_layers: 32,
	vocab_size: 128256,
	max_position_embeddings: 131072,
	tie_word_embeddings: false,
};

const KNOWN: KnownIds = {
	models: new Set(['qwen3-6-27b']),
	quants: new Set(['q4_k_m']),
	gpus: new Set(['rtx-3090']),
};
const DEFAULTS = createDefaultState({
	model: 'qwen3-6-27b',
	quant: 'q4_k_m',
	gpus: [{ id: 'rtx-3090', count: 1 }],
});

/** Imports a config (Llama with some fields changed) that must be accepted. */
function importModel(changes: Record<string, unknown>) {
	const result = importConfigAsCustomModel(JSON.stringify({ ...LLAMA, ...changes }));
	assert.ok(result.ok, !result.ok ? result.error : '');
	return result;
}

/** The error of an import that must be refused. */
function getImportError(changes: Record<string, unknown>): string {
	const result = importConfigAsCustomModel(JSON.stringify({ ...LLAMA, ...changes }));
	assert.equal(result.ok, false, 'expected the import to be refused');
	return result.ok ? '' : result.error;
}

/** The state a custom model is shown in, and that state after its link is written and read. */
function roundTrip(model: CustomModel) {
	const state: CalculatorState = { ...DEFAULTS, model: CUSTOM_ID, customModel: model };
	return { state, decoded: decodeState(encodeState(state, DEFAULTS), KNOWN, DEFAULTS) };
}

describe('compressLayerKinds', () => {
	test('writes runs of four or more as (X)*N and keeps short runs', () => {
		assert.equal(compressLayerKinds('FFFFFFFF'), '(F)*8');
		assert.equal(compressLayerKinds('SSSSSFSSSSSF'), '(S)*5F(S)*5F');
		assert.equal(compressLayerKinds('RRF'), 'RRF');
	});
});

describe('importConfigAsCustomModel', () => {
	test('imports a Llama-shaped config whose pattern expands back to its layers', () => {
		const result = importConfigAsCustomModel(JSON.stringify(LLAMA));

		assert.ok(result.ok, !result.ok ? result.error : '');
		assert.equal(result.model.layerPattern, '(F)*32');
		assert.deepEqual(result.model.attention, { heads: 32, kvHeads: 8, headDim: 128 });
		const expanded = expandLayerPattern(result.model.layerPattern, 1024);
		assert.deepEqual(expanded, { layers: 'F'.repeat(32) });
	});

	test('returns a message, not an exception, for text that is not a config', () => {
		const result = importConfigAsCustomModel('{"model_type": 42');

		assert.equal(result.ok, false);
		assert.match(!result.ok ? result.error : '', /^This config cannot be used: /);
	});
});

describe('importConfigAsCustomModel: only models a link can carry', () => {
	test('refuses a vocabulary above the link limit, naming vocab_size', () => {
		assert.equal(
			getImportError({ vocab_size: 20_000_000 }),
			'This config cannot be used: "vocab_size" must be a whole number from 1 to 16,777,216 tokens ' +
				'for a link to carry it, received 20000000',
		);
	});

	test('refuses a hidden size whose parameter count a link cannot write, naming hidden_size', () => {
		assert.equal(
			getImportError({ hidden_size: 2 ** 40 }),
			'This config cannot be used: "hidden_size" must be a whole number from 1 to 1,048,576 ' +
				'for a link to carry it, received 1099511627776',
		);
	});

	test('names the attention heads when there are more than a link carries', () => {
		assert.equal(
			getImportError({ num_attention_heads: 5000, num_key_value_heads: 5000, hidden_size: 640_000 }),
			'This config cannot be used: "num_attention_heads" must be a whole number from 1 to 4,096 ' +
				'for a link to carry it, received 5000',
		);
	});

	test('refuses a total parameter count above the link limit, saying it is derived', () => {
		const changes = {
			hidden_size: 1_048_576,
			intermediate_size: 4_194_304,
			num_hidden_layers: 1024,
			num_attention_heads: 4096,
			num_key_value_heads: 4096,
		};
		const imported = importHfConfig({ ...LLAMA, ...changes });
		assert.ok(imported.ok);

		assert.equal(
			getImportError(changes),
			"This config cannot be used: the model's total parameters must be a whole number from 1 to " +
				'100,000,000,000,000 parameters for a link to carry it, received 18014669630341120',
		);
		assert.equal(imported.arch.totalParams, 18_014_669_630_341_120);
	});

	test('keeps a model at the limits, and its link reopens it', () => {
		const { model } = importModel({ vocab_size: 16_777_216, max_position_embeddings: 134_217_728 });

		const { state, decoded } = roundTrip(model);

		assert.deepEqual(decoded.ignored, []);
		assert.deepEqual(decoded.state, state);
	});
});

describe('importConfigAsCustomModel: names', () => {
	test('counts code points, so an emoji at the limit stays whole', () => {
		const name = `${'a'.repeat(59)}😀`;

		const { model, warnings } = importModel({ _name_or_path: name });

		assert.equal(model.name, name);
		assert.deepEqual(warnings, []);
		assert.equal(roundTrip(model).decoded.state.customModel?.name, name);
	});

	test('refuses a name with < or > as the link does, keeping the default name', () => {
		const { model, warnings } = importModel({ _name_or_path: 'org/a < b' });

		assert.equal(model.name, 'Custom model');
		assert.deepEqual(warnings, [
			'Model name "org/a < b" contains < or >, which names may not use, so the name "Custom model" is used.',
		]);
	});

	test('leaves no trailing space where a long name is cut', () => {
		const { model, warnings } = importModel({ _name_or_path: `${'a'.repeat(59)} bcd` });

		assert.equal(model.name, 'a'.repeat(59));
		assert.deepEqual(warnings, [
			`Model name "${'a'.repeat(40)}…" is longer than 60 characters, so it was shortened.`,
		]);
	});

	test('turns runs of white space into one space and drops invisible characters', () => {
		const { model } = importModel({ _name_or_path: ' org/My \u200b  model\t' });

		assert.equal(model.name, 'org/My model');
		assert.deepEqual(roundTrip(model).decoded.ignored, []);
	});
});

describe('importConfigAsCustomModel: round trip', () => {
	const FIXTURES = [
		'llama-3.1-8b-instruct.json',
		'qwen3-30b-a3b.json',
		'qwen3.5-35b-a3b-ornith-finetune.json',
		'gemma-3-4b-it.json',
		'gpt-oss-20b.json',
		'deepseek-v3.json',
		'nemotron-3-nano-30b-a3b.json',
		'glm-4.5-air.json',
	];
	const bases = FIXTURES.map((file) =>
		JSON.parse(readFileSync(new URL(`../../fixtures/hf-configs/${file}`, import.meta.url), 'utf8')),
	);

	/** Counts near every limit the importer or the link applies, and some far beyond. */
	const countArb = fc.oneof(
		fc.integer({ min: 1, max: 256 }),
		fc.constantFrom(0, 1023, 1024, 1025, 4096, 4097, 65_536, 65_537, 1_048_576, 1_048_577),
		fc.constantFrom(16_777_216, 16_777_217, 134_217_728, 134_217_729, 2 ** 40, 2 ** 53 + 2),
		fc.integer({ min: 1, max: 2 ** 31 }),
	);
	const nameArb = fc.oneof(
		fc.string({ unit: 'binary', maxLength: 80 }),
		fc.string({ unit: fc.constantFrom('a', ' ', '<', '😀', '\u200b', '~', 'n', ':', '%'), maxLength: 70 }),
	);

	test('every config it accepts gives a state whose link decodes to the same state', () => {
		let accepted = 0;
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: bases.length - 1 }),
				fc.array(fc.tuple(fc.nat(), countArb), { maxLength: 3 }),
				nameArb,
				(which, changes, name) => {
					const config = structuredClone(bases[which]);
					const block = config.text_config ?? config;
					const keys = Object.keys(block).filter((key) => typeof block[key] === 'number');
					for (const [index, value] of changes) block[keys[index % keys.length]!] = value;
					block._name_or_path = name;

					const result = importConfigAsCustomModel(JSON.stringify(config));
					if (!result.ok) return;
					accepted += 1;
					const { state, decoded } = roundTrip(result.model);

					assert.ok(isValidState(state, KNOWN), JSON.stringify(state));
					assert.deepEqual(decoded.ignored, []);
					assert.deepEqual(decoded.state, state);
				},
			),
			{ numRuns: FUZZ_RUNS },
		);

		// The property says nothing if hardly any config got through.
		assert.ok(accepted > FUZZ_RUNS / 10, `only ${accepted} of ${FUZZ_RUNS} configs were accepted`);
	});
});
