import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compressLayerKinds, importConfigAsCustomModel } from '../../../src/lib/custom-model.ts';
import { expandLayerPattern } from '../../../src/lib/layer-pattern.ts';

describe('compressLayerKinds', () => {
	test('writes runs of four or more as (X)*N and keeps short runs', () => {
		assert.equal(compressLayerKinds('FFFFFFFF'), '(F)*8');
		assert.equal(compressLayerKinds('SSSSSFSSSSSF'), '(S)*5F(S)*5F');
		assert.equal(compressLayerKinds('RRF'), 'RRF');
	});
});

describe('importConfigAsCustomModel', () => {
	test('imports a Llama-shaped config whose pattern expands back to its layers', () => {
		const config = {
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

		const result = importConfigAsCustomModel(JSON.stringify(config));

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
