/** What a run command needs to know about a configuration. */
export interface RunConfig {
	/** GGUF file name or Hugging Face `repo:QUANT` reference for llama.cpp. */
	ggufRef: string;
	/** Whether `ggufRef` is a Hugging Face `repo:QUANT` (`-hf`) rather than a local file (`-m`). */
	fromHub: boolean;
	/** Ollama model tag, when the Ollama library has one. */
	ollamaTag?: string;
	/** Context per sequence, in tokens. */
	context: number;
	/** Key and value cache types, llama.cpp spelling (f16, q8_0, ...). */
	cacheTypeK: string;
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
	/** Memory of each GPU in GiB, to split layers across several. */
	gpuMemoryGiB: number[];
}

/** Cache types Ollama accepts in OLLAMA_KV_CACHE_TYPE (one type for both K and V). */
export const OLLAMA_CACHE_TYPES = ['f16', 'q8_0', 'q4_0'] as const;

/** Quotes a shell word only when it needs it. */
function quoteShell(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The llama-server command that realises a configuration. llama-server's context is shared by
 * all parallel slots, so it is the per-sequence context times the slots.
 */
export function buildLlamaCppCommand(config: RunConfig): string {
	const gpuLayers = config.cpuLayers > 0 ? config.layers - config.cpuLayers : 999;
	const args = [
		'llama-server',
		config.fromHub ? '-hf' : '-m',
		quoteShell(config.ggufRef),
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
 * The Ollama commands for a configuration, or the reason Ollama cannot express it. Ollama sets
 * the context and cache type per server through environment variables, and gives every
 * parallel slot the full context.
 */
export function buildOllamaCommand(config: RunConfig): { command: string } | { reason: string } {
	if (!config.ollamaTag)
		return { reason: 'The Ollama library has no tag for this model and quant.' };
	if (config.cacheTypeK !== config.cacheTypeV) {
		return { reason: 'Ollama uses one cache type for K and V; pick the same type for both.' };
	}
	if (!(OLLAMA_CACHE_TYPES as readonly string[]).includes(config.cacheTypeK)) {
		return {
			reason: `Ollama's cache types are ${OLLAMA_CACHE_TYPES.join(', ')}; ${config.cacheTypeK} is not one.`,
		};
	}
	const env = [`OLLAMA_CONTEXT_LENGTH=${config.context}`];
	if (config.flashAttention) env.push('OLLAMA_FLASH_ATTENTION=1');
	if (config.cacheTypeK !== 'f16') env.push(`OLLAMA_KV_CACHE_TYPE=${config.cacheTypeK}`);
	if (config.parallel > 1) env.push(`OLLAMA_NUM_PARALLEL=${config.parallel}`);
	const lines = [`${env.join(' ')} ollama serve`, `ollama run ${quoteShell(config.ollamaTag)}`];
	if (config.cpuLayers > 0) {
		lines.push(
			`# then, inside the session: /set parameter num_gpu ${config.layers - config.cpuLayers}`,
		);
	}
	return { command: lines.join('\n') };
}
