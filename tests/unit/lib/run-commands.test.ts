import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLlamaCppCommand, buildOllamaCommand, type RunConfig } from '../../../src/lib/run-commands.ts';

const base: RunConfig = {
	ggufRef: 'mradermacher/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS',
	fromHub: true,
	ollamaTag: 'nemotron-cascade-2',
	context: 16384,
	cacheTypeK: 'q8_0',
	cacheTypeV: 'q8_0',
	flashAttention: true,
	parallel: 1,
	layers: 52,
	cpuLayers: 0,
	cpuMoeLayers: 0,
	gpuMemoryGiB: [24],
};

describe('buildLlamaCppCommand', () => {
	test('puts every layer on the GPU and names non-default cache types', () => {
		assert.equal(
			buildLlamaCppCommand(base),
			'llama-server -hf mradermacher/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS -c 16384 -ngl 999 -fa on -ctk q8_0 -ctv q8_0',
		);
	});

	test('multiplies the context by the slots and splits layers across cards by memory', () => {
		const command = buildLlamaCppCommand({
			...base,
			fromHub: false,
			ggufRef: 'model file.gguf',
			cacheTypeK: 'f16',
			cacheTypeV: 'f16',
			parallel: 4,
			cpuLayers: 4,
			cpuMoeLayers: 10,
			gpuMemoryGiB: [24, 16],
		});

		assert.equal(
			command,
			"llama-server -m 'model file.gguf' -c 65536 -ngl 48 -fa on --parallel 4 --n-cpu-moe 10 -ts 24,16",
		);
	});
});

describe('buildOllamaCommand', () => {
	test('sets context, flash attention and cache type through the server environment', () => {
		assert.deepEqual(buildOllamaCommand(base), {
			command:
				'OLLAMA_CONTEXT_LENGTH=16384 OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0 ollama serve\nollama run nemotron-cascade-2',
		});
	});

	test('explains why Ollama cannot take different K and V types or a type it lacks', () => {
		assert.deepEqual(buildOllamaCommand({ ...base, cacheTypeV: 'q4_0' }), {
			reason: 'Ollama uses one cache type for K and V; pick the same type for both.',
		});
		assert.deepEqual(buildOllamaCommand({ ...base, cacheTypeK: 'q5_0', cacheTypeV: 'q5_0' }), {
			reason: "Ollama's cache types are f16, q8_0, q4_0; q5_0 is not one.",
		});
		const { ollamaTag: _, ...untagged } = base;
		assert.deepEqual(buildOllamaCommand(untagged), {
			reason: 'The Ollama library has no tag for this model and quant.',
		});
	});
});
