import { GGML_TYPES } from './ggml-types.ts';
import { estimateKvCache } from './kv-cache.ts';
import { expandPattern, toModelArch, type ModelRecord } from './model-arch.ts';
import { estimateRecurrentState } from './recurrent-state.ts';
import { CACHE_TYPES, type CacheType, type ModelArch } from './types.ts';
import { estimateWeights, isKnownQuant } from './weights.ts';

/** What a reference row measures. */
export type AccuracyKind = 'weights' | 'kv' | 'recurrent' | 'swa-kv' | 'mla-kv';

/** One reference figure (a row of tests/reference/accuracy.yaml), as parsed YAML. */
export interface AccuracyRow {
	/** Row id. */
	id: string;
	/** What the figure measures. */
	kind: AccuracyKind;
	/** Catalog model id, when the model is in the catalog. */
	model?: string;
	/** Model name as the source gives it. */
	modelName?: string;
	/** Architecture fields in the shape of src/schemas/model.ts (only those the row needs). */
	config?: Record<string, unknown>;
	/** Quant id, for weights rows. */
	quant?: string;
	/** KV cache type. */
	cacheType?: string;
	/** Context (`-c`) in tokens. */
	context?: number;
	/** Sequences. */
	parallel?: number;
	/** Unified KV cache, as logged. */
	kvUnified?: boolean;
	/** Physical batch, as logged. */
	ubatch?: number;
	/** The published figure in bytes. */
	publishedBytes: number;
	/** The figure as printed. */
	published?: string;
	/** Where it was published. */
	source?: { title?: string; url?: string; date?: string; accessed?: string };
	/** For sliding-window rows: the two caches as logged. */
	parts?: { cache: 'full' | 'swa'; bytes: number }[];
}

/** One logged cache of a sliding-window row, beside the engine's figure. */
export interface AccuracyPart {
	/** Which cache: full-attention or sliding-window layers. */
	cache: 'full' | 'swa';
	/** The logged bytes. */
	publishedBytes: number;
	/** The engine's bytes. */
	estimatedBytes: number;
}

/** The engine's figure for a row, next to the published one. */
export interface AccuracyResult {
	/** Row id. */
	id: string;
	/** What the figure measures. */
	kind: AccuracyKind;
	/** Model name, from the row or the catalog. */
	modelName: string;
	/** The published figure in bytes. */
	publishedBytes: number;
	/** The engine's estimate in bytes; undefined when the row cannot be computed. */
	estimatedBytes?: number;
	/** (estimate - published) / published x 100. */
	errorPercent?: number;
	/** Allowed error in percent: 3 for weights, 2 for caches. */
	tolerancePercent: number;
	/** Whether the estimate is within the tolerance. */
	withinTolerance: boolean;
	/** "ok", or "unsupported" when the row lacks what the engine needs. */
	status: 'ok' | 'unsupported';
	/** Why a row is unsupported, or how it was computed. */
	note?: string;
	/** The row's source. */
	source?: AccuracyRow['source'];
	/** For sliding-window rows with logged parts: each cache beside the engine's figure. */
	parts?: AccuracyPart[];
}

/** Allowed error per kind, in percent. */
export const ACCURACY_TOLERANCE: Record<AccuracyKind, number> = {
	weights: 3,
	kv: 2,
	recurrent: 2,
	'swa-kv': 2,
	'mla-kv': 2,
};

/** Raised for a row the engine cannot compute; becomes an "unsupported" result. */
class UnsupportedRow extends Error {}

/** Quants whose files are one type throughout, so parameters x bits is the size. */
const PURE_QUANTS: Record<string, keyof typeof GGML_TYPES> = { q8_0: 'q8_0', f16: 'f16', bf16: 'bf16', f32: 'f32' };

/** A number field of a config, or a fallback. */
function getNumber(config: Record<string, unknown>, key: string, fallback: number): number {
	const value = config[key];
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Builds an architecture from a catalog model and/or a partial config. */
function resolveArch(row: AccuracyRow, models: readonly ModelRecord[]): ModelArch | undefined {
	const config = row.config ?? {};
	let arch: ModelArch | undefined;
	if (row.model) {
		const record = models.find((model) => model.id === row.model);
		if (!record) throw new UnsupportedRow(`model "${row.model}" is not in the catalog`);
		arch = toModelArch(record);
	}
	if (!arch) {
		const pattern = typeof config.layerPattern === 'string' ? config.layerPattern : undefined;
		const layers = getNumber(config, 'layers', 0);
		if (!pattern || layers <= 0) return undefined;
		const total = getNumber(config, 'totalParams', 0);
		arch = {
			id: row.id,
			name: row.modelName ?? row.id,
			totalParams: total,
			activeParams: getNumber(config, 'activeParams', total),
			layers,
			layerKinds: expandPattern(pattern),
			hiddenSize: getNumber(config, 'hiddenSize', 0),
			vocabSize: getNumber(config, 'vocabSize', 0),
			tiedEmbeddings: config.tiedEmbeddings === true,
			maxContext: getNumber(config, 'maxContext', Number.MAX_SAFE_INTEGER),
		};
	}
	const attention = config.attention as ModelArch['attention'] | undefined;
	if (attention) arch = { ...arch, attention: { ...arch.attention, ...attention } };
	const recurrent = config.recurrent as ModelArch['recurrent'] | undefined;
	if (recurrent) arch = { ...arch, recurrent: { ...arch.recurrent, ...recurrent } };
	return arch;
}

/** A cache type from a row, checked. */
function getCacheType(row: AccuracyRow): CacheType {
	const type = row.cacheType ?? 'f16';
	if (!(CACHE_TYPES as readonly string[]).includes(type)) {
		throw new UnsupportedRow(`cache type "${type}" is not one the engine knows`);
	}
	return type as CacheType;
}

/** The engine's figure for one row. */
function computeRow(
	row: AccuracyRow,
	models: readonly ModelRecord[],
): { bytes: number; note?: string; parts?: AccuracyPart[] } {
	const arch = resolveArch(row, models);
	if (row.kind === 'weights') {
		const quant = row.quant ?? '';
		if (!isKnownQuant(quant)) throw new UnsupportedRow(`quant "${quant}" is not one the engine knows`);
		if (arch && arch.hiddenSize > 0 && arch.vocabSize > 0 && arch.totalParams > 0) {
			return { bytes: estimateWeights(arch, quant).totalBytes, note: 'llama.cpp recipe over the tensors' };
		}
		const total = getNumber(row.config ?? {}, 'totalParams', 0);
		const pure = PURE_QUANTS[quant];
		if (total > 0 && pure) {
			const { bytes, values } = GGML_TYPES[pure];
			return { bytes: (total * bytes) / values, note: 'parameters x bits of a single-type file' };
		}
		throw new UnsupportedRow(
			`only the parameter count is given; a ${quant.toUpperCase()} file mixes tensor types, so its size needs the architecture (give "model" or the layer, attention and MoE fields)`,
		);
	}
	if (!arch) throw new UnsupportedRow('no catalog model and no layers/layerPattern in config');
	const context = row.context ?? 0;
	const parallel = row.parallel ?? 1;
	if (row.kind === 'recurrent') return { bytes: estimateRecurrentState(arch, parallel).bytes };
	if (!arch.attention) throw new UnsupportedRow('the architecture has no attention block');
	const type = getCacheType(row);
	const kv = estimateKvCache({
		model: arch,
		context,
		parallel,
		cacheTypeK: type,
		cacheTypeV: type,
		...(row.kvUnified !== undefined ? { kvUnified: row.kvUnified } : {}),
		...(row.ubatch !== undefined ? { ubatch: row.ubatch } : {}),
	});
	const parts = row.parts?.map((part) => ({
		cache: part.cache,
		publishedBytes: part.bytes,
		estimatedBytes: part.cache === 'swa' ? kv.swaLayerBytes * kv.swaLayers : kv.fullLayerBytes * kv.fullLayers,
	}));
	return { bytes: kv.bytes, ...(parts ? { parts } : {}) };
}

/**
 * Recomputes each reference row with the engine and sets it beside the published figure, for the
 * accuracy page and its test. Weights rows use the formula (never the published size); rows that
 * lack what the engine needs come back as "unsupported" with the reason.
 */
export function computeAccuracyRows(
	rows: readonly AccuracyRow[],
	catalog: { models: readonly ModelRecord[] },
): AccuracyResult[] {
	return rows.map((row) => {
		const tolerancePercent = ACCURACY_TOLERANCE[row.kind] ?? 2;
		const catalogName = row.model ? catalog.models.find((model) => model.id === row.model)?.name : undefined;
		const base = {
			id: row.id,
			kind: row.kind,
			modelName: row.modelName ?? catalogName ?? row.model ?? row.id,
			publishedBytes: row.publishedBytes,
			tolerancePercent,
			...(row.source ? { source: row.source } : {}),
		};
		try {
			const { bytes, note, parts } = computeRow(row, catalog.models);
			const errorPercent = ((bytes - row.publishedBytes) / row.publishedBytes) * 100;
			return {
				...base,
				estimatedBytes: bytes,
				errorPercent,
				withinTolerance: Math.abs(errorPercent) <= tolerancePercent,
				status: 'ok' as const,
				...(note ? { note } : {}),
				...(parts ? { parts } : {}),
			};
		} catch (error) {
			const note = error instanceof UnsupportedRow ? error.message : `could not compute: ${String(error)}`;
			return { ...base, withinTolerance: false, status: 'unsupported' as const, note };
		}
	});
}
