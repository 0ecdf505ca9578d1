import {
	estimateOutputBuffer,
	evaluateComputeParts,
	getComputeParts,
	getHostComputeParts,
	getDeviceOverhead,
	getUsableBytes,
	VISION_PROJECTOR_RUNTIME_FACTOR,
	VLLM_DEFAULT_UTILIZATION,
	type ComputeParts,
} from './buffers.ts';
import { getRowBytes, type GgmlType } from './ggml-types.ts';
import {
	DEFAULT_BATCH,
	DEFAULT_UBATCH,
	getKvLayout,
	getKvRowWidths,
	isQuantizedCacheType,
	MAX_SEQUENCES,
	pad256,
	padTo,
	toSequenceCount,
} from './kv-cache.ts';
import { getFfn } from './params.ts';
import { estimateRecurrentState } from './recurrent-state.ts';
import type {
	Band,
	CacheType,
	Device,
	DeviceEstimate,
	Estimate,
	EstimateInput,
	ModelArch,
	Runtime,
} from './types.ts';
import { estimateWeights, type WeightPlan } from './weights.ts';

/** vLLM allocates KV in blocks of this many tokens (its default `--block-size`). */
export const VLLM_BLOCK_TOKENS = 16;

/** The compute buffer of one place, and which cells its attention term reads. */
export interface ComputeModel extends ComputeParts {
	/** Whether the score term reads sliding-window cells (no full-attention layer here). */
	swaCells: boolean;
}

/** One place memory goes: a GPU, or the host. Every field is in bytes. */
export interface PlaceModel {
	/** Device id, or "host". */
	id: string;
	/** Display name. */
	name: string;
	/** Physical memory (0 for the host when its RAM is unknown). */
	memoryBytes: number;
	/** Memory the runtime may use here; Infinity when unknown (host without a RAM size). */
	usableBytes: number;
	/** Repeating layers placed here. */
	layers: number;
	/** Weights placed here. */
	weights: number;
	/** Low end of the weights here (estimated sizes carry a band). */
	weightsLow: number;
	/** High end of the weights here. */
	weightsHigh: number;
	/** Part of `weights` that is routed experts (a token reads only its share). */
	weightsExperts: number;
	/** Part of `weights` that is the token embedding table (a token reads one row). */
	weightsInputTable: number;
	/** Recurrent state here. */
	recurrent: number;
	/** Driver/context overhead. */
	overhead: number;
	/** Vision projector and draft model. */
	extras: number;
	/** Output (logits) buffer. */
	outputBuffer: number;
	/** KV bytes per cell (per stream) of the full-attention layers here. */
	kvPerFullCell: number;
	/** KV bytes per cell (per stream) of the sliding-window layers here. */
	kvPerSwaCell: number;
	/** Compute buffer model. */
	compute: ComputeModel;
}

/** How memory depends on the context: places with linear pieces, and the cell mapping. */
export interface MemoryModel {
	/** Runtime. */
	runtime: Runtime;
	/** GPUs first, then the host. */
	places: PlaceModel[];
	/** Cap on the sliding-window cells per stream (Infinity without a cap). */
	swaCapCells: number;
	/** Cells per stream for a context (the runtime's padding). */
	getCells: (context: number) => number;
	/** The largest context whose cells per stream do not exceed `cells`. */
	getMaxContext: (cells: number) => number;
	/** Cell granularity: the solver rounds cells down to a multiple of it. */
	cellStep: number;
	/** Streams (sequences with their own cells). */
	streams: number;
	/** The weights plan. */
	weights: WeightPlan;
	/** Warnings that do not depend on the context. */
	warnings: string[];
	/** Whether the model has full-attention layers (the sliding cap then does not bind). */
	hasFullLayers: boolean;
	/** Whether the first GPU is a unified-memory machine (host memory is the same memory). */
	unified: boolean;
	/** Installed system RAM, when known. */
	systemRamBytes?: number;
	/** Sequences (each with its own recurrent state). */
	parallel: number;
	/** Whether the GPUs split every layer between them and run at once (vLLM tensor parallel). */
	tensorParallel: boolean;
}

/** Evaluates one place at a number of cells per stream. */
export function evaluatePlace(place: PlaceModel, cells: number, swaCapCells: number) {
	const swaCells = Math.min(cells, swaCapCells);
	const kv = place.kvPerFullCell * cells + place.kvPerSwaCell * swaCells;
	const compute = evaluateComputeParts(place.compute, place.compute.swaCells ? swaCells : cells);
	const fixed = place.recurrent + place.overhead + place.extras + place.outputBuffer + kv;
	const total: Band = {
		value: place.weights + fixed + compute.value,
		low: place.weightsLow + fixed + compute.low,
		high: place.weightsHigh + fixed + compute.high,
	};
	return { kv, compute, total };
}

/** Resolved settings of an estimate. */
interface Settings {
	runtime: Runtime;
	parallel: number;
	cacheTypeK: CacheType;
	cacheTypeV: CacheType;
	flashAttention: boolean;
	kvUnified: boolean;
	swaFull: boolean;
	ubatch: number;
	batch: number;
	devices: Device[];
	cpuLayers: number;
	cpuMoeLayers: number;
}

/** Resolves defaults and runtime rules; pushes a warning for each value it had to change. */
function resolveSettings(input: EstimateInput, warnings: string[]): Settings {
	const runtime = input.runtime ?? 'llama.cpp';
	const model = input.model;
	let parallel = Math.max(1, Math.floor(input.parallel ?? 1));
	if (runtime === 'llama.cpp' || runtime === 'ollama') {
		parallel = toSequenceCount(input.parallel);
		if ((input.parallel ?? 1) > MAX_SEQUENCES) {
			warnings.push(
				`llama.cpp serves at most ${MAX_SEQUENCES} parallel sequences and refuses to start with ${input.parallel}; this sizes ${MAX_SEQUENCES}.`,
			);
		}
	}
	let cacheTypeK: CacheType = input.cacheTypeK ?? 'f16';
	let cacheTypeV: CacheType = input.cacheTypeV ?? cacheTypeK;
	if ((runtime === 'vllm' || runtime === 'mlx') && (cacheTypeK !== 'f16' || cacheTypeV !== 'f16')) {
		warnings.push(`The KV cache type flags are llama.cpp's; ${runtime} is priced with an F16 cache.`);
		cacheTypeK = 'f16';
		cacheTypeV = 'f16';
	}
	const devices = [...(input.devices ?? [])];
	if (runtime === 'mlx' && devices.length > 1) {
		warnings.push('MLX runs on one machine; only the first device is used.');
		devices.splice(1);
	}
	const clampLayers = (value: number | undefined, flag: string) => {
		const wanted = Math.max(0, Math.floor(value ?? 0));
		if (wanted > model.layers) {
			warnings.push(`${flag} ${wanted} is more than the model's ${model.layers} layers; using ${model.layers}.`);
			return model.layers;
		}
		return wanted;
	};
	let cpuLayers = clampLayers(input.cpuLayers, 'CPU layers');
	let cpuMoeLayers = clampLayers(input.cpuMoeLayers, 'CPU MoE layers');
	if (runtime === 'vllm' || runtime === 'mlx') {
		if (cpuLayers > 0 || cpuMoeLayers > 0) {
			warnings.push(`${runtime} keeps every layer on the GPU; CPU layer settings are ignored.`);
		}
		cpuLayers = 0;
		cpuMoeLayers = 0;
	}
	if (cpuMoeLayers > 0 && !model.moe) {
		warnings.push('The model has no experts; the CPU MoE setting has no effect.');
		cpuMoeLayers = 0;
	}
	const totalContext = Math.max(1, Math.floor(input.context)) * (runtime === 'ollama' ? parallel : 1);
	const batch = Math.min(totalContext, input.batch ?? DEFAULT_BATCH);
	return {
		runtime,
		parallel,
		cacheTypeK,
		cacheTypeV,
		flashAttention: input.flashAttention ?? true,
		// Ollama sizes one cache for all slots (num_ctx x parallel); modelled as a unified cache.
		kvUnified: runtime === 'ollama' ? true : (input.kvUnified ?? false),
		swaFull: runtime === 'mlx' ? true : (input.swaFull ?? false),
		// As llama_context: n_batch = min(n_ctx, -b) and n_ubatch = min(n_batch, -ub).
		batch,
		ubatch: Math.min(batch, input.ubatch ?? DEFAULT_UBATCH),
		devices,
		cpuLayers,
		cpuMoeLayers,
	};
}

/** Device index of each llama.cpp layer slot 0..layers (the last slot is the output layer). */
function assignLayerDevices(model: ModelArch, settings: Settings, usable: number[]): number[] {
	const slots = model.layers + 1;
	const owner = new Array<number>(slots).fill(-1);
	const count = settings.devices.length;
	if (count === 0) return owner;
	// As llama_model::load_tensors: i_gpu_start = n_layer + 1 - n_gpu_layers, and each GPU slot
	// goes to the first device whose cumulative share of free memory exceeds its position.
	const start = settings.cpuLayers;
	const active = slots - start;
	const total = usable.reduce((sum, value) => sum + Math.max(0, value), 0);
	const cumulative: number[] = [];
	let running = 0;
	for (const value of usable) {
		running += total > 0 ? Math.max(0, value) / total : 1 / count;
		cumulative.push(running);
	}
	for (let slot = start; slot < slots; slot++) {
		const position = (slot - start) / active;
		let device = cumulative.findIndex((edge) => edge > position);
		if (device < 0) device = count - 1;
		owner[slot] = device;
	}
	return owner;
}

/** Builds an empty place. */
function makePlace(id: string, name: string, memoryBytes: number, usableBytes: number): PlaceModel {
	return {
		id,
		name,
		memoryBytes,
		usableBytes,
		layers: 0,
		weights: 0,
		weightsLow: 0,
		weightsHigh: 0,
		weightsExperts: 0,
		weightsInputTable: 0,
		recurrent: 0,
		overhead: 0,
		extras: 0,
		outputBuffer: 0,
		kvPerFullCell: 0,
		kvPerSwaCell: 0,
		compute: { fixed: 0, perCell: 0, added: 0, lowFactor: 1, highFactor: 1, swaCells: false },
	};
}

/** Adds weight bytes to a place, with the plan's band. */
function addWeights(place: PlaceModel, bytes: number, plan: WeightPlan): void {
	const low = plan.totalBytes > 0 ? plan.band.low / plan.totalBytes : 1;
	const high = plan.totalBytes > 0 ? plan.band.high / plan.totalBytes : 1;
	place.weights += bytes;
	place.weightsLow += bytes * low;
	place.weightsHigh += bytes * high;
}

/**
 * Builds the memory model of an input: where every byte goes and how each place grows with the
 * number of KV cells. estimate() evaluates it at one context; solveMaxContext() solves it.
 */
export function buildMemoryModel(input: EstimateInput): MemoryModel {
	const warnings: string[] = [];
	const settings = resolveSettings(input, warnings);
	const { runtime, devices, parallel } = settings;
	const model = input.model;
	const llama = runtime === 'llama.cpp' || runtime === 'ollama';

	const weightOptions = { runtime, ...(input.publishedWeightsBytes !== undefined ? { publishedBytes: input.publishedWeightsBytes } : {}) };
	const plan = estimateWeights(model, input.quant, weightOptions);
	if (input.quant === 'fp8' && llama) {
		warnings.push('llama.cpp has no FP8 file type; this sizes an FP8 checkpoint as vLLM would load it.');
	}
	if (runtime === 'mlx' && model.attention?.mla) {
		warnings.push('MLX keeps the decompressed multi-head cache for MLA models, not the compressed latent.');
	}
	if (isQuantizedCacheType(settings.cacheTypeV) && !settings.flashAttention && llama) {
		warnings.push(
			`A quantized V cache (${settings.cacheTypeV}) needs flash attention: llama.cpp refuses to start without it. Turn flash attention on (-fa on) or keep V in f16.`,
		);
	}

	const utilization = input.gpuMemoryUtilization ?? VLLM_DEFAULT_UTILIZATION;
	const usable = devices.map((device) => getUsableBytes(device, runtime, utilization));
	const places = devices.map((device, index) =>
		makePlace(device.id, device.name, device.memoryBytes, usable[index] ?? 0),
	);
	const ram = input.systemRamBytes;
	const host = makePlace('host', 'System RAM', ram ?? 0, ram ?? Number.POSITIVE_INFINITY);
	const gpuCount = places.length;
	const unified = devices[0]?.kind === 'apple-unified' || devices[0]?.kind === 'unified';
	if (unified && devices[0]?.kind === 'unified') {
		warnings.push('On a unified-memory machine the system and its apps share this memory; keep a margin.');
	}

	// KV rows and cell layout.
	const fullMla = runtime === 'mlx';
	const rows = getKvRowWidths(model, fullMla);
	const rowBytes =
		getRowBytes(settings.cacheTypeK as GgmlType, rows.k) +
		(rows.v > 0 ? getRowBytes(settings.cacheTypeV as GgmlType, rows.v) : 0);
	const window = model.attention?.slidingWindow ?? 0;
	let streams: number;
	let swaCapCells: number;
	let getCells: (context: number) => number;
	let getMaxContext: (cells: number) => number;
	let cellStep: number;
	if (llama) {
		const unifiedKv = settings.kvUnified;
		streams = unifiedKv ? 1 : parallel;
		const contextFactor = runtime === 'ollama' ? parallel : 1;
		getCells = (context) =>
			getKvLayout({
				context: context * contextFactor,
				parallel,
				kvUnified: unifiedKv,
				ubatch: settings.ubatch,
				batch: settings.batch,
			}).cellsPerStream;
		// Inverse of the padding above: with C cells per stream (a multiple of 256), the largest
		// -c is C when unified and C x n_seq otherwise (pad256(floor(pad256(c) / n)) <= C).
		getMaxContext = (cells) => {
			const whole = Math.floor(cells / 256) * 256;
			const nCtx = unifiedKv ? whole : whole * parallel;
			return Math.floor(nCtx / contextFactor);
		};
		cellStep = 256;
		const ubatch = settings.ubatch;
		swaCapCells =
			window > 0 && !settings.swaFull
				? pad256(window * (unifiedKv ? parallel : 1) + ubatch)
				: Number.POSITIVE_INFINITY;
	} else if (runtime === 'vllm') {
		streams = parallel;
		getCells = (context) => padTo(Math.max(1, context), VLLM_BLOCK_TOKENS);
		getMaxContext = (cells) => Math.floor(cells / VLLM_BLOCK_TOKENS) * VLLM_BLOCK_TOKENS;
		cellStep = VLLM_BLOCK_TOKENS;
		// Assumption: vLLM's hybrid allocator keeps the window plus one block for sliding layers.
		swaCapCells = window > 0 ? padTo(window, VLLM_BLOCK_TOKENS) + VLLM_BLOCK_TOKENS : Number.POSITIVE_INFINITY;
	} else {
		streams = parallel;
		getCells = (context) => Math.max(1, Math.ceil(context));
		getMaxContext = (cells) => Math.floor(cells);
		cellStep = 1;
		swaCapCells = Number.POSITIVE_INFINITY;
	}

	// Layer placement (llama.cpp rules; vLLM splits every layer evenly over its GPUs).
	const owner = llama ? assignLayerDevices(model, settings, usable) : [];
	const recurrentState = estimateRecurrentState(model, parallel);
	const ffn = getFfn(model);
	const traits = places.map(() => ({ attention: false, full: false, recurrent: false, ffn: false, output: false }));
	const hostTraits = { attention: false, full: false, recurrent: false, ffn: false, output: false };
	for (let layer = 0; layer < model.layers; layer++) {
		const kind = model.layerKinds[layer] ?? 'D';
		const ffnKind = ffn.kinds[layer] ?? '-';
		const bytes = plan.layerBytes[layer] ?? 0;
		const expertBytes = plan.layerExpertBytes[layer] ?? 0;
		const kvFull = kind === 'F' ? rowBytes * streams : 0;
		const kvSwa = kind === 'S' ? rowBytes * streams : 0;
		const recurrent = recurrentState.perLayer[layer] ?? 0;
		const targets: { place: PlaceModel; share: number; traits: typeof hostTraits }[] = [];
		if (!llama && gpuCount > 0) {
			places.forEach((place, index) => targets.push({ place, share: 1 / gpuCount, traits: traits[index]! }));
		} else {
			const device = owner[layer] ?? -1;
			const place = device >= 0 ? places[device] : undefined;
			targets.push(place ? { place, share: 1, traits: traits[device]! } : { place: host, share: 1, traits: hostTraits });
		}
		for (const { place, share, traits: t } of targets) {
			place.layers += share;
			const expertsOnHost = llama && layer < settings.cpuMoeLayers && place !== host;
			addWeights(place, (bytes + (expertsOnHost ? 0 : expertBytes)) * share, plan);
			if (!expertsOnHost) place.weightsExperts += expertBytes * share;
			if (expertsOnHost) {
				addWeights(host, expertBytes, plan);
				host.weightsExperts += expertBytes;
			}
			place.kvPerFullCell += kvFull * share;
			place.kvPerSwaCell += kvSwa * share;
			place.recurrent += recurrent * share;
			if (kind === 'F' || kind === 'S') t.attention = true;
			if (kind === 'F') t.full = true;
			if (kind === 'R') t.recurrent = true;
			if (ffnKind !== '-') t.ffn = true;
		}
	}
	places.forEach((place) => (place.layers = Math.round(place.layers)));

	// Embeddings, output layer, global tensors.
	const outputOwner = llama ? (owner[model.layers] ?? -1) : gpuCount > 0 ? 0 : -1;
	const outputPlace = outputOwner >= 0 ? places[outputOwner] : undefined;
	if (llama) {
		// The token embedding table always stays in host memory (llama.cpp keeps the input layer
		// on the CPU); a tied model loads a second copy as its output layer where that runs.
		addWeights(host, plan.tokenEmbdBytes, plan);
		host.weightsInputTable += plan.tokenEmbdBytes;
		const outputTarget = outputPlace ?? host;
		addWeights(outputTarget, plan.outputBytes + plan.globalOtherBytes, plan);
		if (model.tiedEmbeddings && outputPlace) addWeights(outputPlace, plan.tokenEmbdBytes, plan);
		(outputOwner >= 0 ? traits[outputOwner]! : hostTraits).output = true;
	} else if (gpuCount > 0) {
		const rest = plan.tokenEmbdBytes + plan.outputBytes + plan.globalOtherBytes;
		places.forEach((place) => {
			addWeights(place, rest / gpuCount, plan);
			place.weightsInputTable += plan.tokenEmbdBytes / gpuCount;
		});
		traits[0]!.output = true;
	} else {
		addWeights(host, plan.tokenEmbdBytes + plan.outputBytes + plan.globalOtherBytes, plan);
		host.weightsInputTable += plan.tokenEmbdBytes;
		hostTraits.output = true;
	}

	// Compute buffers, overhead, buffers and extras.
	const kvRowValues = rows.k + rows.v;
	const quantizedCache = isQuantizedCacheType(settings.cacheTypeK) || isQuantizedCacheType(settings.cacheTypeV);
	const ubatch = settings.ubatch;
	const computeFor = (t: typeof hostTraits): ComputeModel => ({
		...getComputeParts({
			model,
			runtime,
			ubatch,
			flashAttention: settings.flashAttention,
			quantizedCache,
			kvRowValues,
			hasAttention: t.attention,
			hasRecurrent: t.recurrent,
			hasFfn: t.ffn,
			hasOutput: t.output,
		}),
		swaCells: t.attention && !t.full,
	});
	places.forEach((place, index) => {
		place.compute = computeFor(traits[index]!);
		place.overhead = getDeviceOverhead(devices[index]!, runtime, index === 0 && (input.displayAttached ?? false));
	});
	if (gpuCount === 0) {
		host.compute = computeFor(hostTraits);
	} else if (llama) {
		host.compute = {
			...getHostComputeParts(model, ubatch, settings.flashAttention),
			swaCells: !model.layerKinds.includes('F'),
		};
	}
	if (llama) host.outputBuffer = estimateOutputBuffer(model.vocabSize, parallel);

	const extras = input.extras ?? {};
	const extrasBytes =
		(extras.visionProjectorBytes ?? 0) * VISION_PROJECTOR_RUNTIME_FACTOR +
		(extras.draftModelBytes ?? 0) +
		(extras.draftKvBytes ?? 0);
	(places[0] ?? host).extras += extrasBytes;

	return {
		runtime,
		places: [...places, host],
		swaCapCells,
		getCells,
		getMaxContext,
		cellStep,
		streams,
		weights: plan,
		warnings,
		hasFullLayers: model.layerKinds.includes('F'),
		unified,
		parallel,
		tensorParallel: !llama && gpuCount > 1,
		...(ram !== undefined ? { systemRamBytes: ram } : {}),
	};
}

/** Whether a device row fits, and by how much. */
function toDeviceEstimate(place: PlaceModel, cells: number, swaCapCells: number): DeviceEstimate {
	const { kv, compute, total } = evaluatePlace(place, cells, swaCapCells);
	const headroom = place.usableBytes - total.value;
	return {
		id: place.id,
		name: place.name,
		memoryBytes: place.memoryBytes,
		usableBytes: place.usableBytes,
		layers: place.layers,
		weightsBytes: place.weights,
		kvCacheBytes: kv,
		recurrentStateBytes: place.recurrent,
		computeBufferBytes: compute,
		overheadBytes: place.overhead,
		extrasBytes: place.extras,
		totalBytes: total,
		headroomBytes: headroom,
		fits: headroom >= 0,
	};
}

/** Adds bands. */
function sumBands(bands: Band[]): Band {
	return bands.reduce(
		(sum, band) => ({ value: sum.value + band.value, low: sum.low + band.low, high: sum.high + band.high }),
		{ value: 0, low: 0, high: 0 },
	);
}

/** Evaluates a memory model at a number of cells per stream. */
export function evaluateMemoryModel(memory: MemoryModel, cells: number, warnings: string[] = []): Estimate {
	const gpuPlaces = memory.places.filter((place) => place.id !== 'host');
	const host = memory.places.find((place) => place.id === 'host')!;
	const devices = gpuPlaces.map((place) => toDeviceEstimate(place, cells, memory.swaCapCells));
	const hostEval = evaluatePlace(host, cells, memory.swaCapCells);
	const swaCells = Math.min(cells, memory.swaCapCells);
	const plan = memory.weights;

	const kvCacheBytes = devices.reduce((sum, device) => sum + device.kvCacheBytes, 0) + hostEval.kv;
	const hostBytes = hostEval.total.value;
	let fits = devices.every((device) => device.fits);
	let headroom = devices.length > 0 ? Math.min(...devices.map((device) => device.headroomBytes)) : 0;
	const allWarnings = [...memory.warnings, ...warnings];
	if (memory.systemRamBytes !== undefined) {
		const hostHeadroom = memory.systemRamBytes - hostBytes - (memory.unified ? (devices[0]?.totalBytes.value ?? 0) : 0);
		if (hostHeadroom < 0) fits = false;
		headroom = devices.length > 0 ? Math.min(headroom, hostHeadroom) : hostHeadroom;
	} else if (devices.length === 0) {
		allWarnings.push('No GPU and no RAM size were given, so the fit was not checked.');
	}
	return {
		runtime: memory.runtime,
		kvCells: cells * memory.streams,
		swaCells: (Number.isFinite(swaCells) ? swaCells : cells) * memory.streams,
		weightsBytes: plan.band,
		weightsSource: plan.source,
		bitsPerWeight: plan.bitsPerWeight,
		weightsGpuBytes: gpuPlaces.reduce((sum, place) => sum + place.weights, 0),
		weightsHostBytes: host.weights,
		kvCacheBytes,
		kvCacheHostBytes: hostEval.kv,
		recurrentStateBytes: memory.places.reduce((sum, place) => sum + place.recurrent, 0),
		computeBufferBytes: sumBands(devices.map((device) => device.computeBufferBytes)),
		overheadBytes: devices.reduce((sum, device) => sum + device.overheadBytes, 0),
		outputBufferBytes: host.outputBuffer,
		extrasBytes: memory.places.reduce((sum, place) => sum + place.extras, 0),
		totalBytes: sumBands(devices.map((device) => device.totalBytes)),
		hostBytes,
		hostTotalBytes: hostEval.total,
		hostComputeBufferBytes: hostEval.compute,
		devices,
		fits,
		headroomBytes: headroom,
		...(memory.runtime === 'vllm' && devices.length > 0
			? {
					kvPoolBytes: devices.reduce(
						(sum, device) =>
							sum +
							device.usableBytes -
							device.weightsBytes -
							device.computeBufferBytes.value -
							device.overheadBytes -
							device.extrasBytes -
							device.recurrentStateBytes,
						0,
					),
				}
			: {}),
		warnings: allWarnings,
	};
}

/**
 * Estimates the memory a model needs at a context on the given devices: weights, KV cache,
 * recurrent state, compute buffers, overhead and buffers, per GPU and on the host, with bands on
 * the estimated figures and a fit verdict.
 *
 * `context` is the runtime's own setting: llama.cpp's `-c` (shared by all parallel sequences,
 * each getting pad256(c / n)), Ollama's `num_ctx` (per slot; Ollama multiplies it by the slots),
 * vLLM's `--max-model-len` and MLX's prompt length (per sequence).
 */
export function estimate(input: EstimateInput): Estimate {
	const memory = buildMemoryModel(input);
	const warnings: string[] = [];
	const model = input.model;
	if (input.context > model.maxContext) {
		warnings.push(
			`A context of ${input.context} tokens is longer than the ${model.maxContext} the model was trained for.`,
		);
	}
	return evaluateMemoryModel(memory, memory.getCells(input.context), warnings);
}
