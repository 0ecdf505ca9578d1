import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { FUZZ_RUNS } from '../fuzz.ts';
import { importHfConfig, MAX_CONFIG_BYTES, MAX_CONFIG_COUNT } from '../../../src/lib/engine/hf-config.ts';
import { MAX_LAYERS } from '../../../src/lib/engine/types.ts';
import { countParams } from '../../../src/lib/engine/params.ts';
import { assertClose, loadFixtureArch } from './helpers.ts';

/** Reads a fixture as text. */
function readFixture(name: string): string {
	return readFileSync(new URL(`../../fixtures/hf-configs/${name}`, import.meta.url), 'utf8');
}

/** The error message of an import that must fail. */
function getError(input: unknown): string {
	const result = importHfConfig(input);
	assert.equal(result.ok, false, 'expected the import to fail');
	return result.ok ? '' : result.error;
}

describe('importHfConfig: parameter counts from shapes', () => {
	// Published totals, each as the model's publisher states it (see tests/fixtures/hf-configs/README.md).
	const cases: [string, number, number][] = [
		['llama-3.1-8b-instruct.json', 8.03e9, 0.01], // Meta: 8.03B (8,030,261,248)
		['mistral-7b-instruct-v0.3.json', 7.25e9, 0.01], // Mistral AI: 7.25B
		['qwen2.5-7b-instruct.json', 7.61e9, 0.01], // Qwen card: 7.61B
		['qwen3-8b.json', 8.2e9, 0.01], // Qwen card: 8.2B
		['qwen3-30b-a3b.json', 30.5e9, 0.01], // Qwen card: 30.5B
		['qwen3.5-35b-a3b-ornith-finetune.json', 35e9, 0.03], // 35B (vision tower not counted here)
		['gpt-oss-20b.json', 20.91e9, 0.01], // OpenAI: 20.91B
		['deepseek-v3.json', 671e9, 0.01], // DeepSeek: 671B (MTP module not counted)
		['nemotron-3-nano-30b-a3b.json', 31.6e9, 0.01], // NVIDIA: 31.6B
		['phi-4-mini-instruct.json', 3.84e9, 0.01], // Microsoft: 3.8B (3.84B)
		['gemma-3-4b-it.json', 3.884e9, 0.01], // Gemma 3 report: 675M embedding + 3,209M non-embedding
		['glm-4.5-air.json', 106e9, 0.02], // Z.ai: 106B
	];
	for (const [file, published, tolerance] of cases) {
		test(`counts ${file} within ${tolerance * 100}% of the published total`, () => {
			assertClose(loadFixtureArch(file).totalParams, published, tolerance, file);
		});
	}

	test('counts active parameters of MoE models from the routed share', () => {
		// Qwen3-30B-A3B: 3.3B activated (card, embeddings included).
		assertClose(loadFixtureArch('qwen3-30b-a3b.json').activeParams, 3.3e9, 0.03, 'Qwen3-30B-A3B active');
		// DeepSeek V3: 37B activated.
		assertClose(loadFixtureArch('deepseek-v3.json').activeParams, 37e9, 0.03, 'DeepSeek V3 active');
		// gpt-oss-20b: 3.61B active without the input embedding table (OpenAI's count).
		const gptOss = countParams(loadFixtureArch('gpt-oss-20b.json'));
		assertClose(gptOss.active - gptOss.embedding, 3.61e9, 0.01, 'gpt-oss-20b active');
	});
});

describe('importHfConfig: layer layouts', () => {
	test('ignores the declared window of Qwen2.5 while use_sliding_window is false', () => {
		const result = importHfConfig(readFixture('qwen2.5-7b-instruct.json'));
		assert.ok(result.ok);
		assert.equal(result.arch.layerKinds, 'F'.repeat(28));
		assert.equal(result.arch.attention?.slidingWindow, undefined);
	});

	test('keeps every Mistral layer full and says the declared window is ignored', () => {
		const result = importHfConfig(readFixture('mistral-7b-instruct-v0.1.json'));
		assert.ok(result.ok);
		assert.equal(result.arch.layerKinds, 'F'.repeat(32));
		assert.match(result.warnings.join(' '), /sliding window of 4096/);
	});

	test('reads Gemma 3 from text_config with five sliding layers per global one', () => {
		const arch = loadFixtureArch('gemma-3-4b-it.json');
		assert.equal(arch.layerKinds.slice(0, 12), 'SSSSSFSSSSSF');
		assert.equal(arch.attention?.slidingWindow, 1024);
		assert.equal(arch.tiedEmbeddings, true);
	});

	test('takes Gemma 3 layer_types over sliding_window_pattern when both are given', () => {
		const config = JSON.parse(readFixture('gemma-3-4b-it.json'));
		config.text_config.layer_types = Array.from({ length: 34 }, (_, layer) =>
			layer % 2 === 0 ? 'sliding_attention' : 'full_attention',
		);
		const result = importHfConfig(config);
		assert.ok(result.ok);
		assert.equal(result.arch.layerKinds.slice(0, 4), 'SFSF');
	});

	test('reads Qwen3.5 layer_types: Gated DeltaNet with full attention every 4th layer', () => {
		const arch = loadFixtureArch('qwen3.5-35b-a3b-ornith-finetune.json');
		assert.equal(arch.layerKinds, 'RRRF'.repeat(10));
		assert.deepEqual(arch.recurrent, {
			kind: 'gated-deltanet',
			dConv: 4,
			dInner: 32 * 128,
			dState: 128,
			nGroups: 16,
			heads: 32,
		});
		assert.equal(arch.attention?.outputGate, true);
	});

	test('falls back to full_attention_interval without layer_types', () => {
		const config = JSON.parse(readFixture('qwen3.5-35b-a3b-ornith-finetune.json'));
		delete config.text_config.layer_types;
		const result = importHfConfig(config);
		assert.ok(result.ok);
		assert.equal(result.arch.layerKinds, 'RRRF'.repeat(10));
	});

	test('maps the Nemotron-H pattern: M recurrent, * attention, E MoE', () => {
		const arch = loadFixtureArch('nemotron-3-nano-30b-a3b.json');
		assert.equal(arch.layerKinds.slice(0, 6), 'RERERF');
		assert.equal(arch.ffn?.gated, false);
		assert.equal(arch.recurrent?.dInner, 64 * 64);
	});

	test('reads DeepSeek V3 MLA and its first three dense layers', () => {
		const arch = loadFixtureArch('deepseek-v3.json');
		assert.deepEqual(arch.attention?.mla, {
			kvLoraRank: 512,
			qkRopeHeadDim: 64,
			qkNopeHeadDim: 128,
			vHeadDim: 128,
			qLoraRank: 1536,
		});
		assert.equal(arch.ffn?.kinds.slice(0, 4), 'DDDM');
		assert.equal(arch.mtpLayers, 1);
	});

	test('fuses Phi-4-mini q/k/v and gate/up and ignores a window beyond the context', () => {
		const arch = loadFixtureArch('phi-4-mini-instruct.json');
		assert.equal(arch.attention?.fusedQkv, true);
		assert.equal(arch.ffn?.fusedGateUp, true);
		assert.equal(arch.layerKinds, 'F'.repeat(32));
	});

	test('reads GLM-4.7-Flash (glm4_moe_lite) as MLA with a dense first layer', () => {
		// Field values as vLLM's test of this model type states them (tests/transformers_utils).
		const result = importHfConfig({
			architectures: ['Glm4MoeLiteForCausalLM'],
			model_type: 'glm4_moe_lite',
			vocab_size: 154880,
			hidden_size: 2048,
			intermediate_size: 10240,
			moe_intermediate_size: 1536,
			num_hidden_layers: 47,
			num_attention_heads: 20,
			num_key_value_heads: 20,
			max_position_embeddings: 202752,
			q_lora_rank: 768,
			kv_lora_rank: 512,
			qk_nope_head_dim: 192,
			qk_rope_head_dim: 64,
			v_head_dim: 256,
			n_routed_experts: 64,
			n_shared_experts: 1,
			num_experts_per_tok: 4,
			first_k_dense_replace: 1,
			tie_word_embeddings: false,
		});
		assert.ok(result.ok);
		assert.equal(result.arch.attention?.mla?.kvLoraRank, 512);
		assert.equal(result.arch.ffn?.kinds.slice(0, 2), 'DM');
	});
});

describe('importHfConfig: bad input', () => {
	test('names a missing field', () => {
		const config = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		delete config.num_attention_heads;
		assert.equal(getError(config), 'missing "num_attention_heads" in the config');
	});

	test('names a field of the wrong type and quotes the value', () => {
		const config = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		config.hidden_size = 'big';
		assert.equal(getError(config), '"hidden_size" in the config must be a positive integer, received "big"');
	});

	test('names the field inside text_config', () => {
		const config = JSON.parse(readFixture('gemma-3-4b-it.json'));
		delete config.text_config.sliding_window;
		assert.equal(getError(config), 'missing "sliding_window" in text_config');
	});

	test('names an unknown architecture and lists the known ones', () => {
		const message = getError({ model_type: 'rwkv7', architectures: ['Rwkv7ForCausalLM'] });
		assert.match(message, /^unknown architecture: model_type "rwkv7" and architectures \["Rwkv7ForCausalLM"\]/);
	});

	test('says what is wrong with text that is not JSON', () => {
		assert.match(getError('{"hidden_size": 1'), /^the config is not valid JSON/);
	});

	test('refuses a JSON value that is not an object', () => {
		assert.equal(getError('[1, 2]'), 'expected a JSON object (the contents of config.json), received an array');
	});

	test('refuses input over 512 KB', () => {
		const text = `{"pad": "${'x'.repeat(MAX_CONFIG_BYTES)}"}`;
		assert.match(getError(text), /at most 524288 \(512 KB\)/);
	});

	test('refuses nesting deeper than 20 levels', () => {
		let value: Record<string, unknown> = {};
		for (let depth = 0; depth < 25; depth++) value = { nested: value };
		assert.match(getError(value), /nests deeper than 20 levels/);
	});

	test('never throws, whatever it is given', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.jsonValue(), fc.anything()), (input) => {
				const result = importHfConfig(input);
				return result.ok === true || typeof result.error === 'string';
			}),
			{ numRuns: FUZZ_RUNS },
		);
	});

	test('never throws on configs with fields replaced by random values', () => {
		const base = JSON.parse(readFixture('nemotron-3-nano-30b-a3b.json'));
		const keys = Object.keys(base);
		fc.assert(
			fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
				const result = importHfConfig({ ...base, [key]: value });
				return result.ok === true || typeof result.error === 'string';
			}),
			{ numRuns: FUZZ_RUNS },
		);
	});
});

describe('importHfConfig: counts it expands or multiplies', () => {
	test('refuses num_hidden_layers above MAX_LAYERS where it is read, naming the field', () => {
		const config = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));

		config.num_hidden_layers = 3_000_000;
		const started = performance.now();
		const message = getError(config);
		const elapsed = performance.now() - started;

		assert.equal(message, '"num_hidden_layers" in the config must be a positive integer of at most 1024, received 3000000');
		// Before the bound, 3,000,000 layers took seconds on the main thread.
		assert.ok(elapsed < 100, `took ${elapsed} ms`);
	});

	test('refuses 20,000,000 layers in a nested text_config instead of running out of memory', () => {
		const config = JSON.parse(readFixture('gemma-3-4b-it.json'));
		config.text_config.num_hidden_layers = 20_000_000;

		assert.equal(
			getError(config),
			'"num_hidden_layers" in text_config must be a positive integer of at most 1024, received 20000000',
		);
	});

	test('accepts exactly MAX_LAYERS layers', () => {
		const config = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		config.num_hidden_layers = MAX_LAYERS;

		const result = importHfConfig(config);

		assert.ok(result.ok, !result.ok ? result.error : '');
		assert.equal(result.arch.layers, 1024);
		assert.equal(result.arch.layerKinds, 'F'.repeat(1024));
	});

	test('checks the length of layer_types before it maps the entries', () => {
		const config = JSON.parse(readFixture('qwen3.5-35b-a3b-ornith-finetune.json'));
		config.text_config.layer_types = Array.from({ length: 20_000 }, () => 'not_a_layer');

		assert.equal(
			getError(config),
			'"layer_types" in text_config describes 20000 layers, but "num_hidden_layers" is 40',
		);
	});

	test('checks the length of hybrid_override_pattern before it maps the layers', () => {
		const config = JSON.parse(readFixture('nemotron-3-nano-30b-a3b.json'));
		config.hybrid_override_pattern = '?'.repeat(200_000);

		assert.equal(
			getError(config),
			'"hybrid_override_pattern" in the config describes 200000 layers, but "num_hidden_layers" is 52',
		);
	});

	test('refuses expert, head and vocabulary counts that are not exact integers', () => {
		const moe = JSON.parse(readFixture('qwen3-30b-a3b.json'));
		moe.num_experts = 2 ** 60;
		assert.equal(
			getError(moe),
			`"num_experts" in the config must be a positive integer of at most ${MAX_CONFIG_COUNT}, received 1152921504606847000`,
		);

		const dense = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		dense.num_attention_heads = 1e300;
		assert.equal(
			getError(dense),
			'"num_attention_heads" in the config must be a positive integer of at most 9007199254740991, received 1e+300',
		);

		const wide = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		wide.vocab_size = 1e300;
		assert.equal(
			getError(wide),
			'"vocab_size" in the config must be a positive integer of at most 9007199254740991, received 1e+300',
		);
	});

	test('keeps every parameter count finite for any count it accepts', () => {
		const base = JSON.parse(readFixture('qwen3-30b-a3b.json'));
		const keys = ['hidden_size', 'vocab_size', 'num_experts', 'moe_intermediate_size', 'intermediate_size'];
		fc.assert(
			fc.property(fc.constantFrom(...keys), fc.oneof(fc.integer({ min: 1 }), fc.double()), (key, value) => {
				const result = importHfConfig({ ...base, [key]: value });
				return !result.ok || (Number.isFinite(result.arch.totalParams) && Number.isFinite(result.arch.activeParams));
			}),
			{ numRuns: FUZZ_RUNS },
		);
	});
});

describe('importHfConfig: names that are also Object.prototype keys', () => {
	const KNOWN_LIST =
		'(Llama, Mistral, Qwen2/2.5, Qwen3, Qwen3-MoE, Qwen3.5/3.6, Gemma 3, gpt-oss, DeepSeek V3, ' +
		'Nemotron-H, Phi-3/Phi-4, GLM-4 MoE, GLM-4.7-Flash)';

	test('does not read model_type "constructor" or "toString" as a known family', () => {
		const config = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		delete config.architectures;

		for (const type of ['constructor', 'toString', '__proto__']) {
			config.model_type = type;
			assert.equal(
				getError(config),
				`unknown architecture: model_type "${type}" is not one the importer knows ${KNOWN_LIST}`,
			);
		}
	});

	test('names an architecture class such as "hasOwnProperty" as unknown instead of failing inside', () => {
		const config = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		delete config.model_type;
		config.architectures = ['hasOwnProperty'];

		assert.equal(
			getError(config),
			`unknown architecture: architectures ["hasOwnProperty"] is not one the importer knows ${KNOWN_LIST}`,
		);
	});

	test('names the architectures entry that is not a string', () => {
		const config = JSON.parse(readFixture('llama-3.1-8b-instruct.json'));
		config.architectures = ['LlamaForCausalLM', 42];

		assert.equal(
			getError(config),
			'"architectures" in the config must be a list of strings, received 42 at position 1',
		);
	});
});
