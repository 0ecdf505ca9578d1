/**
 * "Can this GPU run this model?": the best quant that fits, its longest context and speed, worked
 * out with the same engine and data as the calculator, for the catalog pages.
 */
import { findCpuLayersToFit, getDeviceClass, type CalculatorData, type CalculatorModel } from './calculator.ts';
import { estimate } from './engine/estimate.ts';
import { solveMaxContext } from './engine/max-context.ts';
import { estimateSpeed, type SpeedBand } from './engine/speed.ts';
import type { EstimateInput } from './engine/types.ts';
import { createDefaultState, type CalculatorState } from './permalink.ts';

/** Context the verdict is given at: long enough for real work, short enough for small cards. */
export const REFERENCE_CONTEXT = 8192;

/**
 * Quants tried, best quality first, when a model has no published files: the engine estimates
 * their sizes from the recipe.
 */
export const FALLBACK_QUANTS = ['q8_0', 'q6_k', 'q5_k_m', 'q4_k_m', 'iq4_xs', 'q3_k_m', 'q2_k'] as const;

/** One quant tried on the GPU. */
export interface PairOption {
	quant: string;
	weightsBytes: number;
	weightsSource: 'published' | 'estimated';
	totalBytes: number;
	headroomBytes: number;
	fits: boolean;
	maxContext: number;
	decodeTps: SpeedBand;
}

/** The answer for one GPU and one model. */
export interface PairAnswer {
	/** yes: a quant fits entirely; offload: only with layers on the CPU; no: not even then. */
	verdict: 'yes' | 'offload' | 'no';
	/** The quant the answer is about: the best that fits, or the smallest when none does. */
	best: PairOption;
	/** Layers on the CPU needed when the verdict is offload. */
	cpuLayers: number;
	/** Speed with those layers on the CPU. */
	offloadTps?: SpeedBand;
	/** Every quant tried, largest first. */
	options: PairOption[];
	/** The calculator state that reproduces the answer. */
	state: CalculatorState;
}

/** The quants to try for a model: its published files, or the fallback list. */
function getCandidateQuants(model: CalculatorModel, data: CalculatorData): string[] {
	const published = Object.keys(model.files);
	if (published.length > 0) return published;
	return FALLBACK_QUANTS.filter((quant) => data.quants.some((q) => q.id === quant));
}

/** Works out whether a GPU runs a model at the reference context, and how well. */
export function derivePairAnswer(gpuId: string, modelId: string, data: CalculatorData): PairAnswer {
	const gpu = data.gpus.find((g) => g.id === gpuId);
	const model = data.models.find((m) => m.id === modelId);
	if (!gpu || !model) throw new Error(`derivePairAnswer: unknown GPU "${gpuId}" or model "${modelId}".`);

	const efficiency = data.efficiency[getDeviceClass([gpu.device])];
	const inputFor = (quant: string): EstimateInput => {
		const published = model.files[quant]?.sizeBytes;
		return {
			model: model.arch,
			quant,
			...(published ? { publishedWeightsBytes: published } : {}),
			context: Math.min(REFERENCE_CONTEXT, model.arch.maxContext),
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

	const fitting = options.find((option) => option.fits);
	const smallest = options[options.length - 1]!;
	const best = fitting ?? smallest;
	const state = createDefaultState({ model: model.id, quant: best.quant, gpus: [{ id: gpu.id, count: 1 }] });
	state.context = Math.min(REFERENCE_CONTEXT, model.arch.maxContext);
	if (fitting) return { verdict: 'yes', best, cpuLayers: 0, options, state };

	const input = inputFor(smallest.quant);
	const cpuLayers = findCpuLayersToFit(input);
	if (cpuLayers === undefined) return { verdict: 'no', best, cpuLayers: 0, options, state };
	state.cpuLayers = cpuLayers;
	const offloadTps = estimateSpeed({ ...input, cpuLayers, efficiency }).decodeTps;
	return { verdict: 'offload', best, cpuLayers, offloadTps, options, state };
}
