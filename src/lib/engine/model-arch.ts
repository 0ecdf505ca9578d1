import type { Model } from '../../schemas/model.ts';
import { expandLayerPattern } from '../layer-pattern.ts';
import { FUSED_CLASSES, NON_GATED_CLASSES } from './params.ts';
import type { Device, DeviceKind, FfnArch, ModelArch } from './types.ts';

/** Bytes in a GiB; the catalog gives GPU memory in GiB. */
const BYTES_PER_GIB = 2 ** 30;

/** Bytes per second in one GB/s (decimal), the unit vendors give bandwidth in. */
const BYTES_PER_GBPS = 1e9;

/**
 * The expanded layer pattern. Catalog records and links have been checked before they reach the
 * engine, so a bad pattern here is a programming error and throws.
 */
export function expandPattern(pattern: string): string {
	const expanded = expandLayerPattern(pattern);
	if ('error' in expanded) throw new Error(`bad layer pattern "${pattern.slice(0, 40)}": ${expanded.error}`);
	return expanded.layers;
}

/** A catalog model record as the loader returns it: the schema output plus its id. */
export type ModelRecord = Model & { id: string };

/** Turns a catalog model record into the engine's plain architecture object. */
export function toModelArch(record: ModelRecord): ModelArch {
	const arch: ModelArch = {
		id: record.id,
		name: record.name,
		architecture: record.architectureName,
		totalParams: record.totalParams,
		activeParams: record.activeParams,
		layers: record.layers,
		layerKinds: expandPattern(record.layerPattern),
		hiddenSize: record.hiddenSize,
		vocabSize: record.vocabSize,
		tiedEmbeddings: record.tiedEmbeddings,
		maxContext: record.maxContext,
	};
	if (record.attention) {
		const { heads, kvHeads, headDim, headDimV, slidingWindow, mla } = record.attention;
		arch.attention = { heads, kvHeads, headDim };
		if (headDimV !== undefined) arch.attention.headDimV = headDimV;
		if (slidingWindow !== undefined) arch.attention.slidingWindow = slidingWindow;
		if (mla) {
			arch.attention.mla = { kvLoraRank: mla.kvLoraRank, qkRopeHeadDim: mla.qkRopeHeadDim };
			if (mla.qLoraRank !== undefined) arch.attention.mla.qLoraRank = mla.qLoraRank;
		}
		if (FUSED_CLASSES.test(record.architectureName)) arch.attention.fusedQkv = true;
		// Gated DeltaNet hybrids (Qwen3-Next, Qwen3.5/3.6) gate their attention output through a
		// doubled query projection; the catalog has no field for it, the recurrent kind implies it.
		if (record.recurrent?.kind === 'gated-deltanet') arch.attention.outputGate = true;
	}
	if (record.recurrent) {
		const { kind, dConv, dInner, dState, nGroups } = record.recurrent;
		arch.recurrent = { kind, dConv, dInner, dState, nGroups };
	}
	const ffn = getRecordFfn(record, arch.layerKinds);
	if (ffn) arch.ffn = ffn;
	if (record.moe) {
		arch.moe = {
			experts: record.moe.experts,
			expertsPerToken: record.moe.expertsPerToken,
			sharedExperts: record.moe.sharedExperts,
		};
	}
	return arch;
}

/**
 * The feed-forward shapes a record gives exactly, or undefined when the engine must derive them
 * from totalParams: a dense model needs intermediateSize; a MoE model needs the expert width,
 * the shared width when it has shared experts, and intermediateSize when some blocks are dense.
 * Blocks are dense where the pattern marks D, else the leading moe.leadingDenseLayers; the rest
 * hold experts (E in a pattern that marks feed-forward layers, every other block otherwise).
 */
function getRecordFfn(record: ModelRecord, layerKinds: string): FfnArch | undefined {
	const moe = record.moe;
	const marked = /[ED]/.test(layerKinds);
	let kinds: string;
	if (!moe) {
		// A dense model marking E or D layers would need kinds of its own; none is in the catalog.
		if (record.intermediateSize === undefined || marked) return undefined;
		kinds = 'D'.repeat(record.layers);
	} else {
		if (moe.expertIntermediateSize === undefined) return undefined;
		if (moe.sharedExperts > 0 && moe.sharedIntermediateSize === undefined) return undefined;
		if (marked) {
			kinds = [...layerKinds].map((kind) => (kind === 'E' ? 'M' : kind === 'D' ? 'D' : '-')).join('');
		} else {
			const dense = Math.min(moe.leadingDenseLayers ?? 0, record.layers);
			kinds = 'D'.repeat(dense) + 'M'.repeat(record.layers - dense);
		}
		if (kinds.includes('D') && record.intermediateSize === undefined) return undefined;
	}
	return {
		kinds,
		denseSize: kinds.includes('D') ? (record.intermediateSize ?? 0) : 0,
		expertSize: moe?.expertIntermediateSize ?? 0,
		sharedSize: moe && moe.sharedExperts > 0 ? (moe.sharedIntermediateSize ?? 0) : 0,
		gated: !NON_GATED_CLASSES.test(record.architectureName),
		...(FUSED_CLASSES.test(record.architectureName) ? { fusedGateUp: true } : {}),
	};
}

/** A catalog GPU record, reduced to the fields the engine reads. */
export interface GpuRecord {
	id: string;
	shortName: string;
	memoryGiB: number;
	bandwidthGBps: number;
	kind: DeviceKind;
}

/** Turns a catalog GPU record into an engine device (bytes and bytes per second). */
export function toDevice(record: GpuRecord): Device {
	return {
		id: record.id,
		name: record.shortName,
		memoryBytes: record.memoryGiB * BYTES_PER_GIB,
		bandwidthBytesPerSecond: record.bandwidthGBps * BYTES_PER_GBPS,
		kind: record.kind,
	};
}
