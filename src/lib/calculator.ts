/**
 * The calculator's view model: turns a permalink state and the catalog data shipped to the page
 * into everything the island shows. Pure, so pages pre-render the same answer the island gives,
 * and tests check it without a browser. All arithmetic is the engine's.
 */
import { estimate } from './engine/estimate.ts';
import { solveMaxContextDetailed } from './engine/max-context.ts';
import { findCpuLayersToFit } from './engine/offload.ts';
import { estimateSpeed, type EfficiencyBand, type SpeedBand } from './engine/speed.ts';
import type { Device, Estimate, EstimateInput, ModelArch } from './engine/types.ts';
import { expandPattern } from './engine/model-arch.ts';
import { isKnownQuant } from './engine/weights.ts';
import { CUSTOM_ID, type CalculatorState, type CustomModel, type GpuSelection } from './permalink.ts';
import { roundTps } from './format.ts';
import { formatPlainNumber, formatWithUnit, type NumberRule } from './query-codec.ts';
import {
	buildLlamaCppCommand,
	buildOllamaCommand,
	type ModelRunInfo,
	type RunCommands,
	type RunConfig,
} from './run-commands.ts';

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
	/** Who published the size. */
	sourceLabel: string;
}

/** A catalog model as the calculator needs it. */
export interface CalculatorModel {
	id: string;
	name: string;
	arch: ModelArch;
	/** Published files by quant id. */
	files: Record<string, CalculatorFile>;
	/** Where each quant can be fetched, for the run commands (see deriveModelRunInfo). */
	run?: ModelRunInfo;
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
	/** Quant id. */
	quant: string;
	/** Quant name as the catalog spells it, e.g. "Q4_K_M". */
	name: string;
	/** Weights in bytes: the published file size, or the engine's estimate without one. */
	weightsBytes: number;
	/** Whether `weightsBytes` is a published file size or the engine's estimate. */
	weightsSource: 'published' | 'estimated';
	/** Everything at the state's context, in bytes. */
	totalBytes: number;
	/** Whether it fits the selected devices as set (no extra layers on the CPU). */
	fits: boolean;
	/** Longest context that fits, in tokens; 0 when none does. */
	maxContext: number;
}

/** The engine's speeds for one configuration. */
export interface SetupSpeed {
	/** Generation speed in tokens per second. */
	decodeTps: SpeedBand;
	/** Time to first token for the state's prompt, in seconds. */
	ttftSeconds: SpeedBand;
	/** Prompt processing speed in tokens per second. */
	promptTps: SpeedBand;
	/** Tokens already in the cache when generation is measured. */
	depth: number;
	/** Layers kept on the CPU in this configuration. */
	cpuLayers: number;
}

/**
 * The speed the result shows: of the configuration as set when it fits, of the offloaded one
 * when only offloading fits, and none (with the reason, a sentence) when nothing fits.
 */
export type ShownSpeed =
	| ({ basis: 'as-set' | 'offload' } & SetupSpeed)
	| { basis: 'none'; reason: string };

/** The link to the cost page for this result, and what the reader should know about it. */
export interface CostLink {
	/** Address of the cost page with the GPU and speed this result can give it. */
	href: string;
	/** Sentences on what the link leaves out or what its speed stands for; often empty. */
	notes: string[];
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
	/** Speeds of the configuration exactly as set, whether or not it fits. */
	speed: SetupSpeed;
	/** The speed to show beside the verdict: see chooseShownSpeed. */
	shownSpeed: ShownSpeed;
	/** Measurements of the same model and quant on the same devices. */
	sameSetup: CalculatorBenchmark[];
	/** Measurements of the same model on other setups. */
	otherSetups: CalculatorBenchmark[];
	/** Every quant the engine can size for the model, largest weights first. */
	quantRows: QuantRow[];
	/** The calculator-to-cost-page link: see buildCostLink. */
	costLink: CostLink;
	/** llama-server command. */
	llamaCpp: RunCommands['llamaCpp'];
	/** Ollama server and run commands, or why there are none. */
	ollama: RunCommands['ollama'];
	/**
	 * Everything the run commands are built from. Pages built on the server pass it to
	 * buildRunCommands for the vLLM and Open WebUI commands too, which the island does not show
	 * and so does not ship.
	 */
	runConfig: RunConfig;
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

// The engine caches weight plans per arch object, so a custom model keeps one arch while the
// reader changes other inputs; otherwise every quant row would be planned anew on each change.
const customArchs = new WeakMap<CustomModel, ModelArch>();

/** toCustomArch, once per custom model object. */
function getCustomArch(model: CustomModel): ModelArch {
	let arch = customArchs.get(model);
	if (!arch) {
		arch = toCustomArch(model);
		customArchs.set(model, arch);
	}
	return arch;
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
		state.model === CUSTOM_ID && state.customModel ? getCustomArch(state.customModel) : catalogModel?.arch;
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

/** Why no speed is shown when nothing fits, as a sentence. */
export const NO_FIT_SPEED_REASON = 'It does not fit, even with layers moved to the CPU.';

/**
 * Chooses the speed to show beside a verdict: the configuration as set when it fits; the
 * offloaded one when only offloading fits, since the configuration as set does not run; none
 * when nothing fits (or, defensively, when the offloaded speed is missing).
 */
export function chooseShownSpeed(
	verdict: Verdict,
	asSet: SetupSpeed,
	offload?: SetupSpeed,
): ShownSpeed {
	if (verdict.kind === 'fits') return { basis: 'as-set', ...asSet };
	if (verdict.kind === 'offload' && offload) return { basis: 'offload', ...offload };
	return { basis: 'none', reason: NO_FIT_SPEED_REASON };
}

/** The cost page's address. */
export const COST_PAGE_PATH = '/cost/';

/**
 * Largest throughput a cost link carries, in tokens per second: COST_LIMITS.tokensPerSecond.max
 * of cost.ts, copied so the calculator's JavaScript does not ship the cost codec. A unit test
 * pins the two equal, and one decodes this module's links with the cost page's decoder.
 */
export const MAX_COST_LINK_TPS = 100_000;

/**
 * The link to the cost page, in its keys (`v`, `g`, `tps`): the first catalog GPU of the
 * selection and the shown speed. The cost page prices one catalog card, so a selection of only
 * the reader's own GPU sends neither GPU nor speed (the speed would be credited to the page's
 * default card), no speed is sent when nothing fits, and a speed of several cards says so.
 */
export function buildCostLink(
	gpus: readonly GpuSelection[],
	catalogGpus: readonly Pick<CalculatorGpu, 'id' | 'name'>[],
	speed: ShownSpeed,
	deviceCount: number,
): CostLink {
	const params = new URLSearchParams({ v: '1' });
	const notes: string[] = [];
	const gpu = gpus
		.map((selection) => catalogGpus.find((g) => g.id === selection.id))
		.find((g) => g !== undefined);
	if (!gpu) {
		notes.push(
			'The cost page prices catalog GPUs only, so the link leaves out your GPU and its speed.',
		);
		return { href: `${COST_PAGE_PATH}?${params}`, notes };
	}

	params.set('g', gpu.id);
	if (speed.basis === 'none') {
		notes.push(
			'Nothing fits, so the link carries no speed; the cost page uses its own estimate.',
		);
	} else {
		const tps = roundTps(speed.decodeTps.mid);
		if (tps > 0 && tps <= MAX_COST_LINK_TPS) params.set('tps', String(tps));
		if (deviceCount > 1) {
			notes.push(
				`The speed is for all ${deviceCount} devices together; the cost page prices one ${gpu.name}.`,
			);
		}
	}
	return { href: `${COST_PAGE_PATH}?${params}`, notes };
}

/**
 * The GPU list after the reader picks `id` in row `index`. A card already in another row is
 * merged into the first row holding it, counts added, the way parseGpuList merges a repeated
 * id, so the list never holds one id twice and the total stays the same.
 */
export function applyGpuPick(
	gpus: readonly GpuSelection[],
	index: number,
	id: string,
): GpuSelection[] {
	const merged: GpuSelection[] = [];
	gpus.forEach((gpu, i) => {
		const next = i === index ? { id, count: gpu.count } : gpu;
		const same = merged.find((m) => m.id === next.id);
		if (same) same.count += next.count;
		else merged.push({ ...next });
	});
	return merged;
}

/** The message for a typed number outside a rule: "Enter a number from 256 to 2,097,152 tokens." */
export function describeNumberRange(rule: NumberRule): string {
	const max = formatWithUnit(rule.max, rule.unit);
	return `Enter a number from ${formatPlainNumber(rule.min)} to ${max}.`;
}

/**
 * "Which quant fits best?": every catalog quant the engine can size, at the input's settings,
 * with the model's published file size where it has one and the engine's estimate otherwise;
 * largest weights first.
 */
export function deriveQuantRows(
	input: EstimateInput,
	model: Pick<CalculatorModel, 'files'> | undefined,
	quants: CalculatorData['quants'],
): QuantRow[] {
	const { publishedWeightsBytes: _, ...settings } = input;
	const rows = quants
		.filter((q) => isKnownQuant(q.id))
		.map(({ id: quant, name }): QuantRow => {
			const published = model?.files[quant]?.sizeBytes;
			const row: EstimateInput = {
				...settings,
				quant,
				...(published ? { publishedWeightsBytes: published } : {}),
			};
			const e = estimate(row);
			return {
				quant,
				name,
				weightsBytes: e.weightsBytes.value,
				weightsSource: e.weightsSource,
				totalBytes: e.totalBytes.value,
				fits: e.fits,
				maxContext: solveMaxContextDetailed(row).context,
			};
		});
	return rows.sort((a, b) => b.weightsBytes - a.weightsBytes);
}

/**
 * The speed model's input for a state: generation measured at the prompt's depth (at most the
 * context), with the efficiency band of the devices' class and the reader's RAM bandwidth.
 */
function toSpeedInput(state: CalculatorState, input: EstimateInput, data: CalculatorData) {
	return {
		...input,
		depth: Math.min(state.promptTokens, state.context),
		promptTokens: state.promptTokens,
		efficiency: data.efficiency[getDeviceClass(input.devices ?? [])],
		...(state.ramBandwidthGBps > 0 ? { ramBandwidthBytesPerSecond: state.ramBandwidthGBps * 1e9 } : {}),
	};
}

/**
 * Whether a state fits as set, and its generation speed: the two figures of
 * deriveCalculatorResult that pages listing many setups need, without its quant table, maximum
 * context or offload search. Undefined where deriveCalculatorResult is.
 */
export function deriveFitAndSpeed(
	state: CalculatorState,
	data: CalculatorData,
): { fits: boolean; decodeTps: SpeedBand } | undefined {
	const input = toEstimateInput(state, data);
	if (!input) return undefined;
	return { fits: estimate(input).fits, decodeTps: estimateSpeed(toSpeedInput(state, input, data)).decodeTps };
}

/** The "which quant fits best?" rows for a state (see deriveQuantRows); none for a model the data lacks. */
export function deriveQuantRowsFor(state: CalculatorState, data: CalculatorData): QuantRow[] {
	const input = toEstimateInput(state, data);
	if (!input) return [];
	return deriveQuantRows(input, data.models.find((m) => m.id === state.model), data.quants);
}

/** What deriveCalculatorResult computes besides the answer for the state as set. */
export interface ResultOptions {
	/**
	 * Whether to size every quant for the "which quant fits best?" rows (dozens of estimates
	 * and context solves). The island leaves them out and computes them in a task of their own
	 * (deriveQuantRowsFor), so the answer is drawn first; `quantRows` is then empty.
	 */
	quantRows?: boolean;
}

/** Computes everything the calculator shows for a state. */
export function deriveCalculatorResult(
	state: CalculatorState,
	data: CalculatorData,
	options: ResultOptions = {},
): CalculatorResult | undefined {
	const input = toEstimateInput(state, data);
	if (!input) return undefined;
	const devices = input.devices ?? [];
	const catalogModel = data.models.find((m) => m.id === state.model);
	const quantName = data.quants.find((q) => q.id === state.quant)?.name ?? state.quant.toUpperCase();
	const result = estimate(input);
	const { context: maxContext, limitedBy } = solveMaxContextDetailed(input);
	const speedInput = toSpeedInput(state, input, data);
	const depth = speedInput.depth;
	const speedOf = (cpuLayers: number): SetupSpeed => {
		const { decodeTps, ttftSeconds, promptTps } = estimateSpeed({ ...speedInput, cpuLayers });
		return { decodeTps, ttftSeconds, promptTps, depth, cpuLayers };
	};
	const speed = speedOf(input.cpuLayers ?? 0);

	let verdict: Verdict;
	let offloadSpeed: SetupSpeed | undefined;
	if (result.fits) {
		verdict = { kind: 'fits', spareBytes: result.headroomBytes };
	} else {
		const cpuLayers = findCpuLayersToFit(input);
		offloadSpeed = cpuLayers === undefined ? undefined : speedOf(cpuLayers);
		verdict = offloadSpeed
			? {
					kind: 'offload',
					shortBytes: -result.headroomBytes,
					cpuLayers: offloadSpeed.cpuLayers,
					decodeTps: offloadSpeed.decodeTps,
				}
			: { kind: 'no', shortBytes: -result.headroomBytes };
	}
	const shownSpeed = chooseShownSpeed(verdict, speed, offloadSpeed);

	const gpuIds = state.gpus.flatMap((g) => Array.from({ length: g.count }, () => g.id)).sort();
	const sameDevices = (bench: CalculatorBenchmark) =>
		[...bench.gpus].sort().join(',') === gpuIds.join(',');
	const forModel = data.benchmarks.filter((b) => b.model === state.model);
	const sameSetup = forModel.filter((b) => b.quant === state.quant && sameDevices(b));
	const otherSetups = forModel.filter((b) => !sameSetup.includes(b));

	const quantRows = options.quantRows === false ? [] : deriveQuantRows(input, catalogModel, data.quants);

	const file = catalogModel?.files[state.quant];
	const run = catalogModel?.run;
	const hubRef = run?.ggufRefs[state.quant];
	const vllmRepo = run?.vllmRepos[state.quant];
	const tagQuantName = data.quants.find((q) => q.id === run?.ollamaTagQuant)?.name;
	// Ollama offloads whole layers only, so it gets the whole-layer split of the same GPUs.
	const wholeLayers = { ...input, cpuMoeLayers: 0 };
	const cpuLayersWithoutMoe =
		state.cpuMoeLayers === 0 || estimate(wholeLayers).fits ? input.cpuLayers : findCpuLayersToFit(wholeLayers);
	const runConfig: RunConfig = {
		quant: state.quant,
		quantName,
		...(hubRef ? { hubRef } : {}),
		ggufFile: file?.file ?? `${input.model.name}-${quantName}.gguf`,
		...(run?.ollamaTag ? { ollamaTag: run.ollamaTag } : {}),
		...(run?.ollamaTag && tagQuantName ? { ollamaTagQuantName: tagQuantName } : {}),
		...(vllmRepo ? { vllmRepo } : {}),
		...(cpuLayersWithoutMoe !== undefined ? { cpuLayersWithoutMoe } : {}),
		apple: devices.some((d) => d.kind === 'apple-unified'),
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
		speed,
		shownSpeed,
		sameSetup,
		otherSetups,
		quantRows,
		costLink: buildCostLink(state.gpus, data.gpus, shownSpeed, devices.length),
		llamaCpp: buildLlamaCppCommand(runConfig),
		ollama: buildOllamaCommand(runConfig),
		runConfig,
		notes: [...result.warnings],
	};
}
