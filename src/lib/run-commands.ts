/**
 * The commands that realise a configuration in llama.cpp, Ollama, vLLM and Open WebUI, and what
 * the catalog knows about where each quant of a model can be fetched. A command is printed only
 * where the catalog names a file or checkpoint at that quant; otherwise the reader gets the reason.
 */
import type { Entry } from './catalog/load.ts';
import { VLLM_DEFAULT_UTILIZATION } from './engine/buffers.ts';
import type { Model, ModelFile, Source } from '../schemas/index.ts';

/** Where a model can be fetched at each quant, as the catalog records it. */
export interface ModelRunInfo {
	/** Ollama library tag, when the library has one. */
	ollamaTag?: string;
	/** Quant id the library tag pulls, when a source says so. */
	ollamaTagQuant?: string;
	/** Hugging Face `owner/name:LABEL` of a GGUF known to hold each quant, by quant id. */
	ggufRefs: Record<string, string>;
	/** Hugging Face `owner/name` of a checkpoint vLLM loads, by quant id. */
	vllmRepos: Record<string, string>;
}

/** What a run command needs to know about a configuration. */
export interface RunConfig {
	/** Quant id, as in the catalog. */
	quant: string;
	/** Quant name as files spell it, e.g. "IQ4_XS". */
	quantName: string;
	/** Hugging Face `owner/name:LABEL` of a GGUF known to hold this quant. */
	hubRef?: string;
	/** GGUF file name for `llama-server -m`, used when no repository is known. */
	ggufFile: string;
	/** Ollama library tag, when the library has one. */
	ollamaTag?: string;
	/** Name of the quant the library tag pulls, when a source says so. */
	ollamaTagQuantName?: string;
	/** Hugging Face `owner/name` of a checkpoint at this quant that vLLM loads. */
	vllmRepo?: string;
	/** Context per sequence, in tokens. */
	context: number;
	/** Key cache type, llama.cpp spelling (f16, q8_0, ...). */
	cacheTypeK: string;
	/** Value cache type, llama.cpp spelling. */
	cacheTypeV: string;
	/** Flash attention on or off. */
	flashAttention: boolean;
	/** Parallel sequences. */
	parallel: number;
	/** Repeating layers in the model. */
	layers: number;
	/** Repeating layers kept on the CPU. */
	cpuLayers: number;
	/** Layers whose MoE experts stay on the CPU. */
	cpuMoeLayers: number;
	/**
	 * Whole layers on the CPU that fit the same GPUs without experts on the CPU, for runtimes that
	 * can only offload whole layers (Ollama); absent when whole layers do not fit either.
	 */
	cpuLayersWithoutMoe?: number;
	/** Memory of each GPU in GiB, to split layers across several. */
	gpuMemoryGiB: number[];
	/** Whether the machine is Apple silicon, where vLLM has no GPU backend. */
	apple: boolean;
}

/** Every command for a configuration: a command, or the reason there is none. */
export interface RunCommands {
	/** llama-server command. */
	llamaCpp: string;
	/** Ollama server and run commands. */
	ollama: { command: string } | { reason: string };
	/** vLLM server command. */
	vllm: { command: string } | { reason: string };
	/** Open WebUI container pointed at the Ollama server. */
	openWebUi: string;
}

/** Cache types Ollama accepts in OLLAMA_KV_CACHE_TYPE (one type for both K and V). */
export const OLLAMA_CACHE_TYPES = ['f16', 'q8_0', 'q4_0'] as const;

/** Port `ollama serve` listens on unless OLLAMA_HOST says otherwise. */
export const OLLAMA_PORT = 11434;

/** Quotes a shell word only when it needs it. */
function quoteShell(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Reads `owner/name` from any Hugging Face address (a repository, a file or a tree in it). */
export function getHubRepo(url: string | undefined): string | undefined {
	return url?.match(/^https:\/\/huggingface\.co\/([\w.-]+\/[\w.-]+)(?:[/?#]|$)/)?.[1];
}

/**
 * The repository a published GGUF lives in: the `owner/name` its record's file text starts with,
 * else the Hugging Face repository of its source. Only a name ending in "-GGUF" counts, the
 * convention for a repository of one model's GGUF files; a shared repository such as
 * cortexso/gemma3 holds several models under one name, so a quant tag there is ambiguous.
 */
export function findGgufRepo(fileText: string, sourceUrl: string | undefined): string | undefined {
	const named = fileText.match(/^\s*([\w.-]+\/[\w.-]+)(?=[\s,@]|$)/)?.[1];
	return [named, getHubRepo(sourceUrl)].find((repo) => repo !== undefined && /-gguf$/i.test(repo));
}

/** What the catalog records about fetching one model at each quant. */
export function deriveModelRunInfo(
	model: Entry<Model>,
	files: readonly Entry<ModelFile>[],
	sources: readonly Entry<Source>[],
	quantNames: ReadonlyMap<string, string>,
): ModelRunInfo {
	const ggufRefs: Record<string, string> = {};
	for (const file of files.filter((f) => f.model.id === model.id)) {
		const repo = findGgufRepo(file.file, sources.find((s) => s.id === file.source.id)?.url);
		if (!repo || ggufRefs[file.quant.id]) continue;
		const label = quantNames.get(file.quant.id) ?? file.quant.id.toUpperCase();
		ggufRefs[file.quant.id] = `${repo}:${file.variant ? `${file.variant}-${label}` : label}`;
	}
	const vllmRepos: Record<string, string> = {};
	for (const checkpoint of model.vllmCheckpoints) {
		const repo = getHubRepo(checkpoint.repo);
		if (repo) vllmRepos[checkpoint.quant.id] = repo;
	}
	return {
		...(model.ollamaTag ? { ollamaTag: model.ollamaTag } : {}),
		...(model.ollamaTag && model.ollamaTagQuant ? { ollamaTagQuant: model.ollamaTagQuant.id } : {}),
		ggufRefs,
		vllmRepos,
	};
}

/**
 * The llama-server command that realises a configuration. llama-server's context is shared by
 * all parallel slots, so it is the per-sequence context times the slots.
 */
export function buildLlamaCppCommand(config: RunConfig): string {
	const gpuLayers = config.cpuLayers > 0 ? config.layers - config.cpuLayers : 999;
	const args = [
		'llama-server',
		config.hubRef ? '-hf' : '-m',
		quoteShell(config.hubRef ?? config.ggufFile),
		'-c',
		String(config.context * config.parallel),
		'-ngl',
		String(gpuLayers),
		'-fa',
		config.flashAttention ? 'on' : 'off',
	];
	if (config.cacheTypeK !== 'f16') args.push('-ctk', config.cacheTypeK);
	if (config.cacheTypeV !== 'f16') args.push('-ctv', config.cacheTypeV);
	if (config.parallel > 1) args.push('--parallel', String(config.parallel));
	if (config.cpuMoeLayers > 0) args.push('--n-cpu-moe', String(config.cpuMoeLayers));
	if (config.gpuMemoryGiB.length > 1) args.push('-ts', config.gpuMemoryGiB.join(','));
	return args.join(' ');
}

/**
 * What `ollama run` takes for this quant: the library tag when a source says it pulls this
 * quant, else the Hugging Face GGUF, else the reason neither will do.
 */
function getOllamaModel(config: RunConfig): { model: string } | { reason: string } {
	if (config.ollamaTag && config.ollamaTagQuantName === config.quantName) {
		return { model: config.ollamaTag };
	}
	if (config.hubRef) return { model: `hf.co/${config.hubRef}` };
	const noFile = `No GGUF of this model at ${config.quantName} is known to the catalog`;
	if (config.ollamaTag && config.ollamaTagQuantName) {
		return {
			reason: `${noFile}, and Ollama's library tag ${config.ollamaTag} pulls ${config.ollamaTagQuantName}. Pick ${config.ollamaTagQuantName} to use the tag.`,
		};
	}
	if (config.ollamaTag) {
		return {
			reason: `${noFile}, and no source says which quant Ollama's library tag ${config.ollamaTag} pulls.`,
		};
	}
	return { reason: `${noFile}, and the Ollama library has no tag for it.` };
}

/**
 * The Ollama commands for a configuration, or the reason Ollama cannot express it. Ollama sets
 * the context and cache type per server through environment variables, gives every parallel
 * slot the full context, and applies a quantized cache only with flash attention on.
 */
export function buildOllamaCommand(config: RunConfig): { command: string } | { reason: string } {
	const target = getOllamaModel(config);
	if ('reason' in target) return target;
	if (config.cacheTypeK !== config.cacheTypeV) {
		return { reason: 'Ollama uses one cache type for K and V; pick the same type for both.' };
	}
	if (!(OLLAMA_CACHE_TYPES as readonly string[]).includes(config.cacheTypeK)) {
		return {
			reason: `Ollama's cache types are ${OLLAMA_CACHE_TYPES.join(', ')}; ${config.cacheTypeK} is not one.`,
		};
	}

	const quantizedCache = config.cacheTypeK !== 'f16';
	const env = [`OLLAMA_CONTEXT_LENGTH=${config.context}`];
	if (config.flashAttention || quantizedCache) env.push('OLLAMA_FLASH_ATTENTION=1');
	if (quantizedCache) env.push(`OLLAMA_KV_CACHE_TYPE=${config.cacheTypeK}`);
	if (config.parallel > 1) env.push(`OLLAMA_NUM_PARALLEL=${config.parallel}`);
	const lines = [`${env.join(' ')} ollama serve`, `ollama run ${quoteShell(target.model)}`];
	if (quantizedCache && !config.flashAttention) {
		lines.push(`# Ollama applies OLLAMA_KV_CACHE_TYPE only with flash attention, so this turns it on.`);
	}
	const cpuLayers = config.cpuMoeLayers > 0 ? config.cpuLayersWithoutMoe : config.cpuLayers;
	if (config.cpuMoeLayers > 0) {
		const instead =
			cpuLayers === undefined
				? 'and whole layers on the CPU do not fit these GPUs either.'
				: cpuLayers === 0
					? 'without them on the CPU this setup still fits, every layer on the GPU.'
					: 'it offloads whole layers instead.';
		lines.push(`# Ollama cannot keep only the experts on the CPU (llama.cpp's --n-cpu-moe); ${instead}`);
	}
	if (cpuLayers !== undefined && cpuLayers > 0) {
		lines.push(`# then, inside the session: /set parameter num_gpu ${config.layers - cpuLayers}`);
	}
	return { command: lines.join('\n') };
}

/**
 * The vLLM command for a configuration, or the reason there is none. Only checkpoints the
 * catalog names are served: vLLM's GGUF loading is experimental, so no GGUF gets a command.
 */
export function buildVllmCommand(config: RunConfig): { command: string } | { reason: string } {
	if (config.apple) return { reason: 'vLLM has no GPU backend for Apple silicon.' };
	if (!config.vllmRepo) {
		return {
			reason: `The catalog names no checkpoint of this model at ${config.quantName} that vLLM loads. vLLM's GGUF support is experimental, so Headroom prints no command for a GGUF.`,
		};
	}
	if (config.cpuLayers > 0 || config.cpuMoeLayers > 0) {
		return {
			reason: 'This setup keeps part of the model on the CPU, which Headroom works out for llama.cpp only; vLLM is sized with every layer on the GPU.',
		};
	}

	const args = [
		'vllm',
		'serve',
		config.vllmRepo,
		'--max-model-len',
		String(config.context),
		'--gpu-memory-utilization',
		String(VLLM_DEFAULT_UTILIZATION),
	];
	const cards = config.gpuMemoryGiB.length;
	if (cards > 1) args.push('--tensor-parallel-size', String(cards));
	if (config.parallel > 1) args.push('--max-num-seqs', String(config.parallel));
	const lines = [args.join(' ')];
	if (new Set(config.gpuMemoryGiB).size > 1) {
		lines.push('# vLLM splits the model evenly across the cards, so the smallest one sets the limit.');
	}
	if (config.cacheTypeK !== 'f16' || config.cacheTypeV !== 'f16') {
		lines.push(`# vLLM has no ${config.cacheTypeK} cache; its 8-bit cache is --kv-cache-dtype fp8.`);
	}
	return { command: lines.join('\n') };
}

/**
 * Open WebUI in Docker, pointed at an Ollama server on the same machine. The volume keeps its
 * chats and settings across container updates.
 */
export function buildOpenWebUiCommand(): string {
	return [
		'docker run -d -p 3000:8080',
		'--add-host=host.docker.internal:host-gateway',
		`-e OLLAMA_BASE_URL=http://host.docker.internal:${OLLAMA_PORT}`,
		'-v open-webui:/app/backend/data',
		'--name open-webui --restart always',
		'ghcr.io/open-webui/open-webui:main',
	].join(' ');
}

/** Every command for a configuration. */
export function buildRunCommands(config: RunConfig): RunCommands {
	return {
		llamaCpp: buildLlamaCppCommand(config),
		ollama: buildOllamaCommand(config),
		vllm: buildVllmCommand(config),
		openWebUi: buildOpenWebUiCommand(),
	};
}
