/**
 * The calculator's view model: turns a permalink state and the catalog data shipped to the page
 * into everything the island shows. Pure, so pages pre-render the same answer the island gives,
 * and tests check it without a browser. All arithmetic is the engine's.
 */
import { estimate } from './engine/estimate.ts';
import { solveMaxContextDetailed } from './engine/max-context.ts';
import { estimateSpeed, type EfficiencyBand, type SpeedBand } from './engine/speed.ts';
import type { Device, Estimate, EstimateInput, ModelArch } from './engine/types.ts';
import { expandPattern } from './engine/model-arch.ts';
import { CUSTOM_ID, type CalculatorState, type CustomModel } from './permalink.ts';
import { buildLlamaCppCommand, buildOllamaCommand, type RunConfig } from './run-commands.ts';

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** Discrete cards with their own memory, or machines whose GPU shares system memory. */
export type DeviceClass = 'discrete' | 'unified';

/** Which class a set of devices calibrates as: unified only when every device is. */
export function getDeviceClass(devices: readonly Pick<Device, 'kind'>[]): DeviceClass {
	const unified = devices.length > 0 && devices.every((d) => d.kind === 'apple-unified' || d.kind === 'unified');
	return unified ? 'unified' : 'discrete';
}

/** A published file of the model at one quant, as shipped to the page. */
export interface CalculatorFile {
	/** Size in bytes. */
	sizeBytes: number;
	/** File or repository name, for the run command and the label. */
	file: string;
	/** Hugging Face `repo:QUANT` reference, when the repository is known. */
	hubRef?: string;
	/** Who published the size. */
	sourceLabel: string;
}

/** A catalog model as the calculator needs it. */
export interface CalculatorModel {
	id: string;
	name: string;
	arch: ModelArch;
	ollamaTag?: string;
	/** Published files by quant id. */
	files: Record<string, CalculatorFile>;
}

/** A catalog GPU as the calculator needs it. */
export interface CalculatorGpu {
	id: string;
	name: string;
	device: Device;
}

/** A measured result shown beside the estimate. */
export interface CalculatorBenchmark {
	id: string;
	model: string;
	quant: string;
	/** GPU ids, repeated for several cards. */
	gpus: string[];
	runtime: string;
	decodeTps: number;
	decodeTpsHigh?: number;
	contextDepth?: number;
	evidence: string;
	date: string;
	sourceTitle: string;
	sourceUrl?: string;
}

/** Everything the calculator needs from the catalog, small enough to ship in the page. */
export interface CalculatorData {
	models: CalculatorModel[];
	quants: Array<{ id: string; name: string }>;
	gpus: CalculatorGpu[];
	benchmarks: CalculatorBenchmark[];
	/**
	 * Decode efficiency calibrated on the catalog's measured benchmarks, separately for discrete
	 * cards and unified-memory machines, which reach very different shares of their bandwidth.
	 */
	efficiency: Record<DeviceClass, EfficiencyBand>;
}

/** What the reader is told in one line, with the figure it rests on. */
export type Verdict =
	| { kind: 'fits'; spareBytes: number }
	| { kind: 'offload'; shortBytes: number; cpuLayers: number; decodeTps: SpeedBand }
	| { kind: 'no'; shortBytes: number };

/** One row of "which quant fits best?". */
export interface QuantRow {
	quant: string;
	name: string;
	weightsBytes: number;
	weightsSource: 'published' | 'estimated';
	totalBytes: number;
	fits: boolean;
	maxContext: number;
}

/** Everything the calculator shows for one state. */
export interface CalculatorResult {
	modelName: string;
	quantName: string;
	devices: Device[];
	estimate: Estimate;
	/** Physical memory of all devices together, in bytes. */
	capacityBytes: number;
	/** Memory the runtime may use on all devices together, in bytes. */
	usableBytes: number;
	verdict: Verdict;
	maxContext: number;
	/** What limits the maximum context: a device name, "system RAM" or "the model's trained length". */
	maxContextLimit: string;
	speed: { decodeTps: SpeedBand; ttftSeconds: SpeedBand; promptTps: SpeedBand; depth: number };
	/** Measurements of the same model and quant on the same devices. */
	sameSetup: CalculatorBenchmark[];
	/** Measurements of the same model on other setups. */
	otherSetups: CalculatorBenchmark[];
	quantRows: QuantRow[];
	llamaCpp: string;
	ollama: { command: string } | { reason: string };
	/** Notes for the reader: engine warnings and anything the state could not honour. */
	notes: string[];
}

/** Turns a custom model from a permalink or a pasted config into the engine's shape. */
export function toCustomArch(model: CustomModel): ModelArch {
	return {
		id: CUSTOM_ID,
		name: model.name,
		totalParams: model.totalParams,
		activeParams: model.activeParams,
		layers: model.layers,
		layerKinds: expandPattern(model.layerPattern),
		hiddenSize: model.hiddenSize,
		...(model.attention ? { attention: { ...model.attention } } : {}),
		...(model.recurrent ? { recurrent: { ...model.recurrent } } : {}),
		...(model.moe ? { moe: { ...model.moe } } : {}),
		vocabSize: model.vocabSize,
		tiedEmbeddings: model.tiedEmbeddings,
		maxContext: model.maxContext,
	};
}

/** The devices a state selects, in order, each card repeated by its count. */
export function getSelectedDevices(state: CalculatorState, data: CalculatorData): Device[] {
	const devices: Device[] = [];
	for (const selection of state.gpus) {
		let device: Device | undefined;
		if (selection.id === CUSTOM_ID && state.customGpu) {
			device = {
				id: CUSTOM_ID,
				name: state.customGpu.name,
				memoryBytes: state.customGpu.memoryGiB * GIB,
				bandwidthBytesPerSecond: state.customGpu.bandwidthGBps * 1e9,
				kind: 'consumer',
			};
		} else {
			device = data.gpus.find((gpu) => gpu.id === selection.id)?.device;
		}
		if (!device) continue;
		for (let i = 0; i < selection.count; i += 1) {
			devices.push(selection.count > 1 ? { ...device, id: `${device.id}#${i + 1}` } : device);
		}
	}
	return devices;
}

/** The engine input for a state: model, quant, context, cache, runtime, devices, offload. */
export function toEstimateInput(state: CalculatorState, data: CalculatorData): EstimateInput | undefined {
	const catalogModel = data.models.find((m) => m.id === state.model);
	const arch =
		state.model === CUSTOM_ID && state.customModel ? toCustomArch(state.customModel) : catalogModel?.arch;
	if (!arch) return undefined;
	const published = catalogModel?.files[state.quant]?.sizeBytes;
	const extras = {
		...(state.visionProjectorMiB > 0 ? { visionProjectorBytes: state.visionProjectorMiB * MIB } : {}),
		...(state.draftModelMiB > 0 ? { draftModelBytes: state.draftModelMiB * MIB } : {}),
	};
	return {
		model: arch,
		quant: state.quant,
		...(published ? { publishedWeightsBytes: published } : {}),
		context: state.context,
		parallel: state.parallel,
		cacheTypeK: state.cacheTypeK,
		cacheTypeV: state.cacheTypeV,
		flashAttention: state.flashAttention,
		runtime: state.runtime,
		devices: getSelectedDevices(state, data),
		cpuLayers: Math.min(state.cpuLayers, arch.layers),
		cpuMoeLayers: Math.min(state.cpuMoeLayers, arch.layers),
		extras,
		...(state.ramGiB > 0 ? { systemRamBytes: state.ramGiB * GIB } : {}),
	};
}

/** Names what limits the maximum context, for a sentence. */
function describeLimit(limitedBy: string, devices: readonly Device[]): string {
	if (limitedBy === 'maxContext') return "the model's trained length";
	if (limitedBy === 'host') return 'system RAM';
	if (limitedBy === 'unified') return 'unified memory';
	return devices.find((d) => d.id === limitedBy)?.name ?? limitedBy;
}

/**
 * The fewest layers to keep on the CPU for the configuration to fit on the GPUs, or undefined
 * when even all of them on the CPU would not fit (or there is no GPU to offload from).
 */
export function findCpuLayersToFit(input: EstimateInput): number | undefined {
	if (!input.devices || input.devices.length === 0) return undefined;
	const layers = input.model.layers;
	for (let cpuLayers = (input.cpuLayers ?? 0) + 1; cpuLayers < layers; cpuLayers += 1) {
		if (estimate({ ...input, cpuLayers }).fits) return cpuLayers;
	}
	return undefined;
}

/** Computes everything the calculator shows for a state. */
export function deriveCalculatorResult(
	state: CalculatorState,
	data: CalculatorData,
): CalculatorResult | undefined {
	const input = toEstimateInput(state, data);
	if (!input) return undefined;
	const devices = input.devices ?? [];
	const catalogModel = data.models.find((m) => m.id === state.model);
	const quantName = data.quants.find((q) => q.id === state.quant)?.name ?? state.quant.toUpperCase();
	const result = estimate(input);
	const { context: maxContext, limitedBy } = solveMaxContextDetailed(input);
	const depth = Math.min(state.promptTokens, state.context);
	const speedInput = {
		...input,
		depth,
		promptTokens: state.promptTokens,
		efficiency: data.efficiency[getDeviceClass(devices)],
		...(state.ramBandwidthGBps > 0 ? { ramBandwidthBytesPerSecond: state.ramBandwidthGBps * 1e9 } : {}),
	};
	const speed = estimateSpeed(speedInput);

	let verdict: Verdict;
	if (result.fits) {
		verdict = { kind: 'fits', spareBytes: result.headroomBytes };
	} else {
		const cpuLayers = findCpuLayersToFit(input);
		verdict =
			cpuLayers === undefined
				? { kind: 'no', shortBytes: -result.headroomBytes }
				: {
						kind: 'offload',
						shortBytes: -result.headroomBytes,
						cpuLayers,
						decodeTps: estimateSpeed({ ...speedInput, cpuLayers }).decodeTps,
					};
	}

	const gpuIds = state.gpus.flatMap((g) => Array.from({ length: g.count }, () => g.id)).sort();
	const sameDevices = (bench: CalculatorBenchmark) =>
		[...bench.gpus].sort().join(',') === gpuIds.join(',');
	const forModel = data.benchmarks.filter((b) => b.model === state.model);
	const sameSetup = forModel.filter((b) => b.quant === state.quant && sameDevices(b));
	const otherSetups = forModel.filter((b) => !sameSetup.includes(b));

	const quantRows: QuantRow[] = catalogModel
		? Object.keys(catalogModel.files).map((quant) => {
				const row = { ...input, quant, publishedWeightsBytes: catalogModel.files[quant]!.sizeBytes };
				const e = estimate(row);
				return {
					quant,
					name: data.quants.find((q) => q.id === quant)?.name ?? quant,
					weightsBytes: e.weightsBytes.value,
					weightsSource: e.weightsSource,
					totalBytes: e.totalBytes.value,
					fits: e.fits,
					maxContext: solveMaxContextDetailed(row).context,
				};
			})
		: [];
	quantRows.sort((a, b) => b.weightsBytes - a.weightsBytes);

	const file = catalogModel?.files[state.quant];
	const runConfig: RunConfig = {
		ggufRef: file?.hubRef ?? file?.file ?? `${input.model.name}-${quantName}.gguf`,
		fromHub: Boolean(file?.hubRef),
		...(catalogModel?.ollamaTag ? { ollamaTag: catalogModel.ollamaTag } : {}),
		context: state.context,
		cacheTypeK: state.cacheTypeK,
		cacheTypeV: state.cacheTypeV,
		flashAttention: state.flashAttention,
		parallel: state.parallel,
		layers: input.model.layers,
		cpuLayers: verdict.kind === 'offload' ? verdict.cpuLayers : state.cpuLayers,
		cpuMoeLayers: state.cpuMoeLayers,
		gpuMemoryGiB: devices.map((d) => Math.round(d.memoryBytes / GIB)),
	};

	return {
		modelName: input.model.name,
		quantName,
		devices,
		estimate: result,
		capacityBytes: devices.reduce((sum, d) => sum + d.memoryBytes, 0),
		usableBytes: result.devices.reduce((sum, d) => sum + d.usableBytes, 0),
		verdict,
		maxContext,
		maxContextLimit: describeLimit(limitedBy, devices),
		speed: { decodeTps: speed.decodeTps, ttftSeconds: speed.ttftSeconds, promptTps: speed.promptTps, depth },
		sameSetup,
		otherSetups,
		quantRows,
		llamaCpp: buildLlamaCppCommand(runConfig),
		ollama: buildOllamaCommand(runConfig),
		notes: [...result.warnings],
	};
}
