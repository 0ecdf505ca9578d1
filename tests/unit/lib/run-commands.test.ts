import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/lib/catalog/load.ts';
import { deriveCalculatorData } from '../../../src/lib/calculator-data.ts';
import { deriveCalculatorResult } from '../../../src/lib/calculator.ts';
import { createDefaultState } from '../../../src/lib/permalink.ts';
import {
	buildLlamaCppCommand,
	buildOllamaCommand,
	buildOpenWebUiCommand,
	buildRunCommands,
	buildVllmCommand,
	deriveModelRunInfo,
	findGgufRepo,
	type ModelRunInfo,
	type RunConfig,
} from '../../../src/lib/run-commands.ts';

const catalog = loadCatalog('content');
const quantNames = new Map(catalog.quants.map((q) => [q.id, q.name]));
const runInfo = (modelId: string): ModelRunInfo =>
	deriveModelRunInfo(
		catalog.models.find((m) => m.id === modelId)!,
		catalog.modelFiles,
		catalog.sources,
		quantNames,
	);

// The calculator data as deriveCalculatorData ships it once it carries each model's run info.
const base = deriveCalculatorData(catalog);
const data = { ...base, models: base.models.map((m) => ({ ...m, run: runInfo(m.id) })) };

const CASCADE = 'nemotron-cascade-2-30b-a3b';
const cascade = runInfo(CASCADE);

/** A Cascade 2 configuration on one RTX 3090 at the given quant, from the catalog's run info. */
const cascadeAt = (quant: string, quantName: string): RunConfig => ({
	quant,
	quantName,
	...(cascade.ggufRefs[quant] ? { hubRef: cascade.ggufRefs[quant] } : {}),
	ggufFile: `Nemotron-Cascade-2-30B-A3B-${quantName}.gguf`,
	ollamaTag: cascade.ollamaTag!,
	ollamaTagQuantName: quantNames.get(cascade.ollamaTagQuant!)!,
	...(cascade.vllmRepos[quant] ? { vllmRepo: cascade.vllmRepos[quant] } : {}),
	context: 16384,
	cacheTypeK: 'q8_0',
	cacheTypeV: 'q8_0',
	flashAttention: true,
	parallel: 1,
	layers: 52,
	cpuLayers: 0,
	cpuMoeLayers: 0,
	gpuMemoryGiB: [24],
	apple: false,
});
const iq4 = cascadeAt('iq4_xs', 'IQ4_XS');

describe('findGgufRepo', () => {
	test('takes the repository the file text starts with, else the one its source links to', () => {
		assert.equal(
			findGgufRepo('unsloth/Qwen3.5-35B-A3B-GGUF @ bc014a17, Qwen3.5-35B-A3B-Q3_K_M.gguf', undefined),
			'unsloth/Qwen3.5-35B-A3B-GGUF',
		);
		assert.equal(
			findGgufRepo('phi-4.Q8_0.gguf (mradermacher); 15.6 GB', 'https://huggingface.co/mradermacher/phi-4-GGUF/tree/main'),
			'mradermacher/phi-4-GGUF',
		);
	});

	test('refuses a repository not named as one model\'s GGUF files, or no repository at all', () => {
		const cortexso = 'https://huggingface.co/cortexso/gemma3/tree/26a96317edd66f67e02d24d7f2a7470d9bb1b85d';

		assert.equal(findGgufRepo('gemma-3-12b-it-q4_k_m.gguf (cortexso/gemma3)', cortexso), undefined);
		assert.equal(findGgufRepo('Q2_K file of unnamed repository', 'https://runaihome.com/blog/x/'), undefined);
	});
});

describe('deriveModelRunInfo', () => {
	test('records the Ollama tag with its sourced quant and the repository of each published GGUF', () => {
		assert.equal(cascade.ollamaTag, 'nemotron-cascade-2');
		assert.equal(cascade.ollamaTagQuant, 'q4_k_m');
		// Only the IQ4_XS record names a repository; Q4_K_M, Q2_K and BF16 come from the article.
		assert.deepEqual(cascade.ggufRefs, { iq4_xs: 'mradermacher/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS' });
		assert.deepEqual(cascade.vllmRepos, { bf16: 'nvidia/Nemotron-Cascade-2-30B-A3B' });
	});

	test('tags a publisher variant and never claims a quant for an unsourced tag', () => {
		assert.equal(runInfo('qwen3-5-35b-a3b').ggufRefs.iq4_xs, 'unsloth/Qwen3.5-35B-A3B-GGUF:UD-IQ4_XS');
		const gemma = runInfo('gemma-3-12b-it');
		assert.equal(gemma.ollamaTag, 'gemma3:12b');
		assert.equal(gemma.ollamaTagQuant, undefined);
		assert.equal(gemma.ggufRefs.q4_k_m, undefined);
		assert.equal(gemma.ggufRefs.q4_k_s, 'bartowski/google_gemma-3-12b-it-GGUF:Q4_K_S');
		assert.deepEqual(runInfo('gpt-oss-20b').vllmRepos, { mxfp4: 'openai/gpt-oss-20b' });
	});
});

describe('buildLlamaCppCommand', () => {
	test('puts every layer on the GPU and names non-default cache types', () => {
		assert.equal(
			buildLlamaCppCommand(iq4),
			'llama-server -hf mradermacher/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS -c 16384 -ngl 999 -fa on -ctk q8_0 -ctv q8_0',
		);
	});

	test('multiplies the context by the slots and splits layers across cards by memory', () => {
		const { hubRef: _, ...local } = iq4;
		const command = buildLlamaCppCommand({
			...local,
			ggufFile: 'model file.gguf',
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
	test('pulls the chosen quant from Hugging Face when the library tag holds another', () => {
		assert.deepEqual(buildOllamaCommand(iq4), {
			command:
				'OLLAMA_CONTEXT_LENGTH=16384 OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0 ollama serve\nollama run hf.co/mradermacher/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS',
		});
	});

	test('uses the library tag only for the quant a source says it pulls', () => {
		const q4 = buildOllamaCommand(cascadeAt('q4_k_m', 'Q4_K_M'));
		const q2 = buildOllamaCommand(cascadeAt('q2_k', 'Q2_K'));

		assert.ok('command' in q4 && q4.command.endsWith('\nollama run nemotron-cascade-2'));
		assert.deepEqual(q2, {
			reason:
				'No GGUF of this model at Q2_K is known to the catalog, and Ollama\'s library tag nemotron-cascade-2 pulls Q4_K_M. Pick Q4_K_M to use the tag.',
		});
		const { ollamaTagQuantName: _, hubRef: __, ...unsourced } = iq4;
		assert.deepEqual(buildOllamaCommand(unsourced), {
			reason:
				'No GGUF of this model at IQ4_XS is known to the catalog, and no source says which quant Ollama\'s library tag nemotron-cascade-2 pulls.',
		});
	});

	test('turns flash attention on for a quantized cache, which Ollama needs to apply it', () => {
		const result = buildOllamaCommand({ ...iq4, flashAttention: false });

		assert.ok('command' in result);
		assert.match(result.command, /^OLLAMA_CONTEXT_LENGTH=16384 OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0 ollama serve\n/);
		assert.match(result.command, /only with flash attention, so this turns it on/);
		const f16 = buildOllamaCommand({ ...iq4, flashAttention: false, cacheTypeK: 'f16', cacheTypeV: 'f16' });
		assert.ok('command' in f16 && !f16.command.includes('OLLAMA_FLASH_ATTENTION'));
	});

	test('says it has no experts-on-CPU setting and gives the whole-layer split instead', () => {
		const result = buildOllamaCommand({ ...iq4, cpuMoeLayers: 20, cpuLayersWithoutMoe: 6 });

		assert.ok('command' in result);
		assert.deepEqual(result.command.split('\n').slice(2), [
			"# Ollama cannot keep only the experts on the CPU (llama.cpp's --n-cpu-moe); it offloads whole layers instead.",
			'# then, inside the session: /set parameter num_gpu 46',
		]);
		const none = buildOllamaCommand({ ...iq4, cpuMoeLayers: 20 });
		assert.ok('command' in none && none.command.endsWith('whole layers on the CPU do not fit these GPUs either.'));
	});

	test('explains why Ollama cannot take different K and V types or a type it lacks', () => {
		assert.deepEqual(buildOllamaCommand({ ...iq4, cacheTypeV: 'q4_0' }), {
			reason: 'Ollama uses one cache type for K and V; pick the same type for both.',
		});
		assert.deepEqual(buildOllamaCommand({ ...iq4, cacheTypeK: 'q5_0', cacheTypeV: 'q5_0' }), {
			reason: "Ollama's cache types are f16, q8_0, q4_0; q5_0 is not one.",
		});
	});
});

describe('buildVllmCommand', () => {
	test('serves a checkpoint the catalog names, with the context and vLLM\'s memory share', () => {
		const bf16 = { ...cascadeAt('bf16', 'BF16'), cacheTypeK: 'f16', cacheTypeV: 'f16', gpuMemoryGiB: [80] };

		assert.deepEqual(buildVllmCommand(bf16), {
			command: 'vllm serve nvidia/Nemotron-Cascade-2-30B-A3B --max-model-len 16384 --gpu-memory-utilization 0.9',
		});
		assert.deepEqual(buildVllmCommand({ ...bf16, gpuMemoryGiB: [48, 24], parallel: 4 }), {
			command:
				'vllm serve nvidia/Nemotron-Cascade-2-30B-A3B --max-model-len 16384 --gpu-memory-utilization 0.9 --tensor-parallel-size 2 --max-num-seqs 4\n# vLLM splits the model evenly across the cards, so the smallest one sets the limit.',
		});
	});

	test('prints nothing for a GGUF, a CPU offload or Apple silicon, and says why', () => {
		assert.deepEqual(buildVllmCommand(iq4), {
			reason:
				"The catalog names no checkpoint of this model at IQ4_XS that vLLM loads. vLLM's GGUF support is experimental, so Headroom prints no command for a GGUF.",
		});
		const bf16 = cascadeAt('bf16', 'BF16');
		assert.match((buildVllmCommand({ ...bf16, cpuLayers: 3 }) as { reason: string }).reason, /llama\.cpp only/);
		assert.deepEqual(buildVllmCommand({ ...bf16, apple: true }), {
			reason: 'vLLM has no GPU backend for Apple silicon.',
		});
	});
});

describe('buildOpenWebUiCommand', () => {
	test('runs Open WebUI in Docker pointed at the Ollama server on the host', () => {
		assert.equal(
			buildOpenWebUiCommand(),
			'docker run -d -p 3000:8080 --add-host=host.docker.internal:host-gateway -e OLLAMA_BASE_URL=http://host.docker.internal:11434 -v open-webui:/app/backend/data --name open-webui --restart always ghcr.io/open-webui/open-webui:main',
		);
	});
});

describe('deriveCalculatorResult run commands', () => {
	const stateAt = (quant: string) => ({
		...createDefaultState({ model: CASCADE, quant, gpus: [{ id: 'rtx-3090', count: 1 }] }),
		context: 16384,
		cacheTypeK: 'q8_0' as const,
		cacheTypeV: 'q8_0' as const,
	});

	test('gives the guide\'s IQ4_XS setup the IQ4_XS file, not the Q4_K_M library tag', () => {
		const result = deriveCalculatorResult(stateAt('iq4_xs'), data)!;

		assert.ok('command' in result.ollama);
		assert.match(result.ollama.command, /\nollama run hf\.co\/mradermacher\/Nemotron-Cascade-2-30B-A3B-i1-GGUF:IQ4_XS$/);
		assert.ok(!result.ollama.command.includes('ollama run nemotron-cascade-2'));
		const commands = buildRunCommands(result.runConfig);
		assert.ok('reason' in commands.vllm);
		assert.match(commands.openWebUi, /OLLAMA_BASE_URL=http:\/\/host\.docker\.internal:11434/);
	});

	test('works out the whole-layer split Ollama needs when experts sit on the CPU', () => {
		// The 24.5 GB Q4_K_M file fits a 16 GB RTX 4080 Super with the experts of 20 layers on the CPU.
		const state = { ...stateAt('q4_k_m'), gpus: [{ id: 'rtx-4080-super', count: 1 }], cpuMoeLayers: 20 };
		const result = deriveCalculatorResult(state, data)!;

		assert.equal(result.verdict.kind, 'fits');
		assert.match(result.llamaCpp, / -ngl 999 .*--n-cpu-moe 20$/);
		assert.ok('command' in result.ollama);
		const [, run, note, numGpu] = result.ollama.command.split('\n');
		assert.equal(run, 'ollama run nemotron-cascade-2');
		assert.match(note!, /it offloads whole layers instead\.$/);
		const gpuLayers = Number(numGpu?.match(/num_gpu (\d+)$/)?.[1]);
		assert.ok(gpuLayers > 0 && gpuLayers < 52, `num_gpu ${gpuLayers}`);
	});

	test('says when the setup fits without the experts on the CPU', () => {
		const result = deriveCalculatorResult({ ...stateAt('q4_k_m'), cpuMoeLayers: 30 }, data)!;

		assert.ok('command' in result.ollama);
		assert.match(result.ollama.command, /still fits, every layer on the GPU\.$/);
	});
});
