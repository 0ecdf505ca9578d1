import { buildMemoryModel, type MemoryModel, type PlaceModel } from './estimate.ts';
import type { EstimateInput, ModelArch } from './types.ts';

/** A speed range in tokens per second (or seconds, for times). */
export interface SpeedBand {
	/** Pessimistic end. */
	low: number;
	/** Central estimate. */
	mid: number;
	/** Optimistic end. */
	high: number;
}

/** Share of the bandwidth bound a runtime reaches in decode, as a range. */
export interface EfficiencyBand extends SpeedBand {
	/** Measurements the band was calibrated on (0 for the default). */
	points: number;
}

/** One measured decode speed and the bound the engine computes for the same setup. */
export interface DecodePoint {
	/** Measured generation speed, tokens per second. */
	measuredTps: number;
	/** The engine's bandwidth bound for the same model, quant and devices (efficiency 1). */
	theoreticalTps: number;
}

/**
 * Decode measurements behind the default efficiency:
 * - llama.cpp PR #4812: RTX 3090 Ti (1008 GB/s), llama 7B Q4_0 (3.56 GiB), tg128 127.43 tok/s;
 * - llama.cpp PR #4766: Tesla P40 (346 GB/s), llama 7B Q4_0, tg128 56.79 tok/s (the 3.56 GiB file
 *   of llama.cpp's standard 7B benchmark model is assumed; the table does not repeat the size);
 * - Nemotron-Cascade 2 IQ4_XS (18.2 GB) on an RTX 3090, 187 tok/s (community report relayed by
 *   the article in content/sources/article.yaml), against this engine's bound of 437.3 tok/s at
 *   depth 128 (Nemotron 3 Nano's config.json: 2.14 GB read per token at 936 GB/s).
 * For the two dense 7B runs the bound is bandwidth / file size (the KV read at 128 tokens is
 * negligible). The MoE run shows the lower efficiency of small active sets on fast cards.
 */
export const DEFAULT_DECODE_POINTS: readonly DecodePoint[] = [
	{ measuredTps: 127.43, theoreticalTps: 1008e9 / (3.56 * 2 ** 30) },
	{ measuredTps: 56.79, theoreticalTps: 346e9 / (3.56 * 2 ** 30) },
	{ measuredTps: 187, theoreticalTps: 437.3 },
];

/**
 * Decode efficiency from measurements: efficiency = measured / bound for each point. With fewer
 * than eight points the band is min, median and max; with eight or more, the quartiles (so one
 * odd measurement does not stretch it).
 */
export function calibrateDecode(points: readonly DecodePoint[]): EfficiencyBand {
	const ratios = points
		.filter((point) => point.measuredTps > 0 && point.theoreticalTps > 0)
		.map((point) => point.measuredTps / point.theoreticalTps)
		.sort((a, b) => a - b);
	if (ratios.length === 0) return DEFAULT_DECODE_EFFICIENCY;
	const at = (fraction: number) => {
		const position = fraction * (ratios.length - 1);
		const lower = Math.floor(position);
		const upper = Math.ceil(position);
		return ratios[lower]! + (ratios[upper]! - ratios[lower]!) * (position - lower);
	};
	const wide = ratios.length < 8;
	return {
		low: wide ? ratios[0]! : at(0.25),
		mid: at(0.5),
		high: wide ? ratios[ratios.length - 1]! : at(0.75),
		points: ratios.length,
	};
}

/**
 * The default decode efficiency: min, median and max of DEFAULT_DECODE_POINTS (about 0.43, 0.48
 * and 0.63), used when no measurements are given.
 */
export const DEFAULT_DECODE_EFFICIENCY: EfficiencyBand = (() => {
	const ratios = DEFAULT_DECODE_POINTS.map((point) => point.measuredTps / point.theoreticalTps).sort(
		(a, b) => a - b,
	);
	return { low: ratios[0]!, mid: ratios[Math.floor(ratios.length / 2)]!, high: ratios[ratios.length - 1]!, points: 0 };
})();

/**
 * Memory bandwidth of system RAM when none is given: dual-channel DDR5-5600, a common desktop
 * (2 channels x 8 bytes x 5600 MT/s = 89.6 GB/s).
 */
export const DEFAULT_RAM_BANDWIDTH = 2 * 8 * 5600e6;

/**
 * Prompt-processing speed as a multiple of decode speed, the same model and GPU, from llama.cpp
 * benchmark tables (pp512 / tg128): RTX 3090 Ti, 7B Q4_0: 4035 / 127.4 = 31.7 (PR #4812);
 * Tesla P40, 7B Q4_0: 912 / 56.8 = 16.1 (PR #4766); codellama 7B F16: 4494 / 54.7 = 82.2
 * (PR #3776); RTX 4090, Llama 3 8B Q6: 4668 / 93 = 50.2 (dmatora/LLM-inference-speed-benchmarks
 * issue #10). The band is their min, median and max. It is rough: prompt speed is
 * compute-bound and the ratio moves with the GPU generation, the quant and MoE sparsity.
 */
export const PROMPT_TO_DECODE_RATIO: SpeedBand = { low: 16.1, mid: (31.7 + 50.2) / 2, high: 82.2 };

/** What a speed estimate depends on, beyond the memory estimate's input. */
export interface SpeedInput extends EstimateInput {
	/** Tokens already in the context when the next token is generated. Default 0. */
	depth?: number;
	/** Prompt length for the time to first token. Default: the depth, or 512 when it is 0. */
	promptTokens?: number;
	/** GPU decode efficiency. Default DEFAULT_DECODE_EFFICIENCY. */
	efficiency?: SpeedBand;
	/** CPU decode efficiency. Default: the GPU band (assumption until CPU runs are calibrated). */
	cpuEfficiency?: SpeedBand;
	/** System RAM bandwidth in bytes per second. Default DEFAULT_RAM_BANDWIDTH. */
	ramBandwidthBytesPerSecond?: number;
}

/** A speed estimate. */
export interface SpeedEstimate {
	/** Generation speed, tokens per second. */
	decodeTps: SpeedBand;
	/** Bandwidth bound (efficiency 1), tokens per second. */
	theoreticalTps: number;
	/** Prompt-processing speed, tokens per second (rough). */
	promptTps: SpeedBand;
	/** Time to first token for the prompt, seconds (rough). */
	ttftSeconds: SpeedBand;
	/** Bytes read per generated token, all places together. */
	bytesPerToken: number;
	/** Bytes read per token on each GPU, in device order. */
	gpuBytesPerToken: number[];
	/** Bytes read per token from system RAM. */
	hostBytesPerToken: number;
}

/**
 * Bytes one generated token reads from a place: the weights it uses (all of a dense layer, the
 * routed experts' k/n share, one row of the embedding table), the KV cache up to the depth, and
 * the recurrent state (read and written).
 */
function getBytesPerToken(
	place: PlaceModel,
	memory: MemoryModel,
	model: ModelArch,
	depth: number,
	expertShare: number,
): number {
	const tableRow = model.vocabSize > 0 ? place.weightsInputTable / model.vocabSize : 0;
	const dense = place.weights - place.weightsExperts - place.weightsInputTable;
	const weights = dense + place.weightsExperts * expertShare + tableRow;
	const window = model.attention?.slidingWindow ?? depth;
	const perSequence = 1 / memory.streams;
	const kv = (place.kvPerFullCell * depth + place.kvPerSwaCell * Math.min(depth, window)) * perSequence;
	const state = (2 * place.recurrent) / memory.parallel;
	return weights + kv + state;
}

/**
 * Decode speed from a bandwidth model, with prompt speed and time to first token derived from it.
 * Each token reads its bytes from every place in turn (llama.cpp's layer split runs the GPUs in
 * sequence; vLLM's tensor parallel runs them at once), at the place's bandwidth times an
 * efficiency: time = sum of GPU bytes / (bandwidth x efficiency) + host bytes / (RAM bandwidth
 * x CPU efficiency). The efficiency band turns into the speed band.
 */
export function estimateSpeed(input: SpeedInput): SpeedEstimate {
	const memory = buildMemoryModel(input);
	const depth = Math.max(0, Math.floor(input.depth ?? 0));
	const moe = input.model.moe;
	const expertShare = moe ? moe.expertsPerToken / moe.experts : 1;
	const devices = input.devices ?? [];
	const gpuPlaces = memory.places.filter((place) => place.id !== 'host');
	const host = memory.places.find((place) => place.id === 'host')!;
	const gpuBytes = gpuPlaces.map((place) => getBytesPerToken(place, memory, input.model, depth, expertShare));
	const hostBytes = getBytesPerToken(host, memory, input.model, depth, expertShare);
	const ramBandwidth = input.ramBandwidthBytesPerSecond ?? DEFAULT_RAM_BANDWIDTH;
	const gpuEfficiency = input.efficiency ?? DEFAULT_DECODE_EFFICIENCY;
	const cpuEfficiency = input.cpuEfficiency ?? gpuEfficiency;

	const secondsPerToken = (gpuFactor: number, cpuFactor: number) => {
		const gpuTimes = gpuBytes.map((bytes, index) => {
			const bandwidth = devices[index]?.bandwidthBytesPerSecond ?? 0;
			return bandwidth > 0 ? bytes / (bandwidth * gpuFactor) : 0;
		});
		const gpuTime = memory.tensorParallel
			? Math.max(0, ...gpuTimes)
			: gpuTimes.reduce((sum, time) => sum + time, 0);
		return gpuTime + hostBytes / (ramBandwidth * cpuFactor);
	};
	const decode = (gpuFactor: number, cpuFactor: number) => 1 / secondsPerToken(gpuFactor, cpuFactor);
	const decodeTps: SpeedBand = {
		low: decode(gpuEfficiency.low, cpuEfficiency.low),
		mid: decode(gpuEfficiency.mid, cpuEfficiency.mid),
		high: decode(gpuEfficiency.high, cpuEfficiency.high),
	};
	const promptTps: SpeedBand = {
		low: decodeTps.low * PROMPT_TO_DECODE_RATIO.low,
		mid: decodeTps.mid * PROMPT_TO_DECODE_RATIO.mid,
		high: decodeTps.high * PROMPT_TO_DECODE_RATIO.high,
	};
	const prompt = Math.max(1, input.promptTokens ?? (depth > 0 ? depth : 512));
	const ttftSeconds: SpeedBand = {
		low: prompt / promptTps.high + 1 / decodeTps.high,
		mid: prompt / promptTps.mid + 1 / decodeTps.mid,
		high: prompt / promptTps.low + 1 / decodeTps.low,
	};
	return {
		decodeTps,
		theoreticalTps: decode(1, 1),
		promptTps,
		ttftSeconds,
		bytesPerToken: gpuBytes.reduce((sum, bytes) => sum + bytes, 0) + hostBytes,
		gpuBytesPerToken: gpuBytes,
		hostBytesPerToken: hostBytes,
	};
}

/** The bandwidth bound of a setup in tokens per second (efficiency 1), for calibration. */
export function getTheoreticalDecodeTps(input: SpeedInput): number {
	return estimateSpeed(input).theoreticalTps;
}
