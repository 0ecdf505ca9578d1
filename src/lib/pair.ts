/**
 * "Can this GPU run this model?": the best quant that fits with room to spare, its longest
 * context and speed, or what offloading to the CPU would take, worked out with the same engine
 * and data as the calculator, for the catalog pages.
 */
import { getDeviceClass, type CalculatorData, type CalculatorModel } from './calculator.ts';
import { findCpuLayersToFit } from './engine/offload.ts';
import { estimate } from './engine/estimate.ts';
import { solveMaxContext } from './engine/max-context.ts';
import { estimateSpeed, type SpeedBand } from './engine/speed.ts';
import type { Device, EstimateInput } from './engine/types.ts';
import { formatBand, formatFixed, formatGiB, formatTokens, formatTps } from './format.ts';
import { createDefaultState, type CalculatorState } from './permalink.ts';

const GIB = 2 ** 30;

/** Context the verdict is given at: long enough for real work, short enough for small cards. */
export const REFERENCE_CONTEXT = 8192;

/**
 * Memory the recommended quant must leave free at the reference context, in bytes: room for a
 * longer prompt, a desktop on the same card and the spread of the engine's compute-buffer band.
 * A larger quant that fits with less is shown beside it, not recommended.
 */
export const MIN_SPARE_BYTES = 1 * GIB;

/**
 * Most system RAM a desktop typically holds, in bytes: four 32 GB modules. An offload that needs
 * more on a consumer card gets a "no"; workstations and servers are not capped, since they often
 * carry more, and their pages state the RAM needed instead.
 */
export const TYPICAL_DESKTOP_RAM_BYTES = 128 * GIB;

/**
 * Quants tried, best quality first, when a model has no published files: the engine estimates
 * their sizes from the recipe.
 */
export const FALLBACK_QUANTS = ['q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'iq4_xs', 'q3_k_m', 'q2_k'] as const;

/** One quant tried on the GPU. */
export interface PairOption {
	/** Quant id. */
	quant: string;
	/** Weights in bytes. */
	weightsBytes: number;
	/** Whether the weights are a published file size or the engine's estimate. */
	weightsSource: 'published' | 'estimated';
	/** GPU memory at the reference context, in bytes. */
	totalBytes: number;
	/** GPU memory left at the reference context, in bytes; negative when it does not fit. */
	headroomBytes: number;
	/** Whether it fits the GPU at the reference context. */
	fits: boolean;
	/** Longest context that fits, in tokens (0 when none does). */
	maxContext: number;
	/** Decode speed with everything on the GPU. */
	decodeTps: SpeedBand;
}

/** Why the answer is no. */
export type NoReason =
	/** Even with every layer on the CPU the GPU side does not fit. */
	| 'gpu'
	/** The part on the CPU needs more system RAM than TYPICAL_DESKTOP_RAM_BYTES. */
	| 'desktop-ram'
	/** On unified memory: the GPU's share and the CPU's part together exceed the machine's memory. */
	| 'unified';

/** The answer for one GPU and one model. */
export interface PairAnswer {
	/** yes: a quant fits entirely; offload: only with part of it on the CPU; no: not even then. */
	verdict: 'yes' | 'offload' | 'no';
	/**
	 * The quant the answer is about: the largest that fits with MIN_SPARE_BYTES to spare, else
	 * the fitting one with most to spare, else the smallest.
	 */
	best: PairOption;
	/** Whether best leaves at least MIN_SPARE_BYTES free. */
	meetsMargin: boolean;
	/** The next smaller quant that also leaves the margin, as the second choice. */
	runnerUp?: PairOption;
	/** The largest quant that fits but leaves less than the margin, when it is larger than best. */
	tighter?: PairOption;
	/** Whole layers on the CPU in the offload worked out (0 when everything fits on the GPU). */
	cpuLayers: number;
	/** Layers whose experts stay on the CPU in the offload worked out (MoE models). */
	cpuMoeLayers: number;
	/** Speed with that part on the CPU. */
	offloadTps?: SpeedBand;
	/** System RAM the part on the CPU takes, in bytes, when offloading was worked out. */
	hostBytes?: number;
	/** Why the verdict is no. */
	noReason?: NoReason;
	/** Every quant tried, largest first. */
	options: PairOption[];
	/** The calculator state that reproduces the answer. */
	state: CalculatorState;
}

/** What to keep on the CPU so the GPU side fits. */
interface OffloadPlan {
	cpuLayers: number;
	cpuMoeLayers: number;
}

/** The quants to try for a model: its published files, or the fallback list. */
function getCandidateQuants(model: CalculatorModel, data: CalculatorData): string[] {
	const published = Object.keys(model.files);
	if (published.length > 0) return published;
	return FALLBACK_QUANTS.filter((quant) => data.quants.some((q) => q.id === quant));
}

/** Whether the device shares its memory with the CPU. */
function isUnified(device: Device): boolean {
	return device.kind === 'apple-unified' || device.kind === 'unified';
}

/**
 * The least to keep on the CPU for the GPU side to fit. A MoE model keeps experts there first
 * (llama.cpp's `--n-cpu-moe`), since only the few routed experts are read per token; whole
 * layers follow when all experts on the CPU are not enough. A dense model offloads whole layers.
 */
export function findOffloadPlan(input: EstimateInput): OffloadPlan | undefined {
	const layers = input.model.layers;
	if (!input.model.moe) {
		const cpuLayers = findCpuLayersToFit(input);
		return cpuLayers === undefined ? undefined : { cpuLayers, cpuMoeLayers: 0 };
	}
	for (let cpuMoeLayers = 1; cpuMoeLayers <= layers; cpuMoeLayers += 1) {
		if (estimate({ ...input, cpuMoeLayers }).fits) return { cpuLayers: 0, cpuMoeLayers };
	}
	const cpuLayers = findCpuLayersToFit({ ...input, cpuMoeLayers: layers });
	return cpuLayers === undefined ? undefined : { cpuLayers, cpuMoeLayers: layers };
}

/** What an offload keeps on the CPU, for a sentence: "experts of 20 layers on the CPU". */
export function describeOffload(plan: OffloadPlan): string {
	const layers = (count: number) => `${count} ${count === 1 ? 'layer' : 'layers'}`;
	if (plan.cpuMoeLayers === 0) return `${layers(plan.cpuLayers)} on the CPU`;
	if (plan.cpuLayers === 0) return `the experts of ${layers(plan.cpuMoeLayers)} on the CPU`;
	return `every expert and ${layers(plan.cpuLayers)} on the CPU`;
}

/** Works out whether a GPU runs a model at the reference context, and how well. */
export function derivePairAnswer(gpuId: string, modelId: string, data: CalculatorData): PairAnswer {
	const gpu = data.gpus.find((g) => g.id === gpuId);
	const model = data.models.find((m) => m.id === modelId);
	if (!gpu || !model) {
		throw new Error(`derivePairAnswer: unknown GPU "${gpuId}" or model "${modelId}".`);
	}

	const efficiency = data.efficiency[getDeviceClass([gpu.device])];
	const context = Math.min(REFERENCE_CONTEXT, model.arch.maxContext);
	const inputFor = (quant: string): EstimateInput => {
		const published = model.files[quant]?.sizeBytes;
		return {
			model: model.arch,
			quant,
			...(published ? { publishedWeightsBytes: published } : {}),
			context,
			devices: [gpu.device],
		};
	};
	const options = getCandidateQuants(model, data)
		.map((quant): PairOption => {
			const input = inputFor(quant);
			const result = estimate(input);
			return {
				quant,
				weightsBytes: result.weightsBytes.value,
				weightsSource: result.weightsSource,
				totalBytes: result.totalBytes.value,
				headroomBytes: result.headroomBytes,
				fits: result.fits,
				maxContext: solveMaxContext(input),
				decodeTps: estimateSpeed({ ...input, efficiency }).decodeTps,
			};
		})
		.sort((a, b) => b.weightsBytes - a.weightsBytes);

	const roomy = options.filter((option) => option.fits && option.headroomBytes >= MIN_SPARE_BYTES);
	const fitting = options.filter((option) => option.fits);
	const smallest = options[options.length - 1]!;
	const best = roomy[0] ?? fitting[fitting.length - 1] ?? smallest;
	// The largest fitting file is best unless it misses the margin; then it is shown beside best.
	const tighter = fitting[0] !== best ? fitting[0] : undefined;
	const gpus = [{ id: gpu.id, count: 1 }];
	const state = createDefaultState({ model: model.id, quant: best.quant, gpus });
	state.context = context;
	const answer = {
		best,
		meetsMargin: roomy.includes(best),
		...(roomy[1] ? { runnerUp: roomy[1] } : {}),
		...(tighter ? { tighter } : {}),
		cpuLayers: 0,
		cpuMoeLayers: 0,
		options,
		state,
	};
	if (fitting.length > 0) return { verdict: 'yes', ...answer };

	// On unified memory the CPU's part comes out of the same memory, so the engine checks both
	// against the machine's total; elsewhere the RAM needed is compared with a desktop's below.
	const unified = isUnified(gpu.device);
	const input = {
		...inputFor(smallest.quant),
		...(unified ? { systemRamBytes: gpu.device.memoryBytes } : {}),
	};
	const plan = findOffloadPlan(input);
	if (!plan) return { verdict: 'no', noReason: unified ? 'unified' : 'gpu', ...answer };
	const hostBytes = estimate({ ...input, ...plan }).hostBytes;
	const offloaded = { ...answer, ...plan, hostBytes };
	if (gpu.device.kind === 'consumer' && hostBytes > TYPICAL_DESKTOP_RAM_BYTES) {
		return { verdict: 'no', noReason: 'desktop-ram', ...offloaded };
	}
	state.cpuLayers = plan.cpuLayers;
	state.cpuMoeLayers = plan.cpuMoeLayers;
	const offloadTps = estimateSpeed({ ...input, ...plan, efficiency }).decodeTps;
	return { verdict: 'offload', offloadTps, ...offloaded };
}

/** The names a pair's answer is told with. */
export interface PairNames {
	/** The GPU's short name, "RTX 3090". */
	gpu: string;
	/** The GPU's memory in GiB, as its record gives it. */
	gpuMemoryGiB: number;
	/** The model's name. */
	model: string;
	/** A quant's name by id, "IQ4_XS". */
	quantName: (id: string) => string;
}

/** The speed a pair's answer quotes: the offloaded one when only offloading runs it. */
export function getPairSpeed(answer: PairAnswer): SpeedBand {
	return answer.verdict === 'offload' && answer.offloadTps ? answer.offloadTps : answer.best.decodeTps;
}

/**
 * The answer of a "Can <GPU> run <model>?" page in one or two sentences, which also serve as
 * its description for search and link previews.
 */
export function describePairAnswer(answer: PairAnswer, names: PairNames): string {
	const { best } = answer;
	const quant = names.quantName(best.quant);
	const speed = getPairSpeed(answer);
	const speedText = formatBand(speed.low, speed.high, formatTps);
	const context = formatTokens(answer.state.context);
	const ram = answer.hostBytes === undefined ? '' : formatGiB(answer.hostBytes);
	const memory = `${formatFixed(names.gpuMemoryGiB)} GiB`;

	if (answer.verdict === 'yes') {
		const runs = `${names.gpu} runs ${names.model} at ${quant} with ${formatGiB(best.headroomBytes)} to spare at ${context} context`;
		const reach = `up to ${formatTokens(best.maxContext)} tokens, at about ${speedText}.`;
		return answer.meetsMargin
			? `Yes. ${runs}, ${reach}`
			: `Yes, but only just. ${runs}, less than the ${formatGiB(MIN_SPARE_BYTES)} a comfortable fit leaves; ${reach}`;
	}
	if (answer.verdict === 'offload') {
		return (
			`Only with offload. ${names.model} does not fit in the ${memory} of a ${names.gpu} even at ` +
			`${quant}; with ${describeOffload(answer)} it runs at about ${speedText}, and that part ` +
			`takes about ${ram} of system RAM.`
		);
	}
	if (answer.noReason === 'desktop-ram') {
		return (
			`No. Even at ${quant}, with ${describeOffload(answer)}, ${names.model} needs about ${ram} ` +
			`of system RAM, more than the ${formatGiB(TYPICAL_DESKTOP_RAM_BYTES)} a desktop typically holds.`
		);
	}
	if (answer.noReason === 'unified') {
		return (
			`No. Even at ${quant}, ${names.model} does not fit the ${memory} of a ${names.gpu}, not ` +
			'even with part of it run by the CPU from the same memory.'
		);
	}
	return (
		`No. Even at ${quant}, ${names.model} needs ${formatGiB(best.totalBytes)}, more than a ` +
		`${names.gpu} can hold with layers offloaded.`
	);
}
