import { buildMemoryModel, evaluatePlace, type MemoryModel, type PlaceModel } from './estimate.ts';
import { toSequenceCount } from './kv-cache.ts';
import type { EstimateInput } from './types.ts';

/** Smallest context llama.cpp can allocate: one block of 256 cells. */
export const MIN_CONTEXT_CELLS = 256;

/** A memory limit: the places that draw on it and the bytes it allows. */
interface Constraint {
	/** Place id (or "unified" for a unified machine's shared memory). */
	id: string;
	/** Places whose totals add up against the limit. */
	places: PlaceModel[];
	/** Bytes allowed. */
	limit: number;
}

/** The answer of the solver, with what stopped it. */
export interface MaxContextResult {
	/** Largest context that fits, in the runtime's own context setting; 0 when none does. */
	context: number;
	/** What limits it: a device id, "host", "unified", or "maxContext" (the model's trained length). */
	limitedBy: string;
}

/** The limits a memory model must respect. */
function getConstraints(memory: MemoryModel): Constraint[] {
	const constraints: Constraint[] = [];
	const host = memory.places.find((place) => place.id === 'host');
	for (const place of memory.places) {
		if (place.id === 'host') continue;
		constraints.push({ id: place.id, places: [place], limit: place.usableBytes });
	}
	if (host && memory.systemRamBytes !== undefined) {
		const first = memory.places.find((place) => place.id !== 'host');
		if (memory.unified && first) {
			constraints.push({ id: 'unified', places: [first, host], limit: memory.systemRamBytes });
		} else {
			constraints.push({ id: 'host', places: [host], limit: memory.systemRamBytes });
		}
	}
	return constraints;
}

/** Memory of a constraint's places at a number of cells per stream. */
function getUsage(constraint: Constraint, cells: number, swaCapCells: number): number {
	let total = 0;
	for (const place of constraint.places) total += evaluatePlace(place, cells, swaCapCells).total.value;
	return total;
}

/**
 * Cell counts where a constraint's memory changes slope: the sliding-window cap, and where an
 * attention-score term overtakes the fixed compute terms.
 */
function getBreakpoints(constraint: Constraint, swaCapCells: number): number[] {
	const points = new Set<number>([0]);
	if (Number.isFinite(swaCapCells)) points.add(swaCapCells);
	for (const place of constraint.places) {
		const { fixed, perCell, swaCells } = place.compute;
		if (perCell <= 0) continue;
		const crossover = fixed / perCell;
		// A term reading sliding cells stops growing at the cap, so its crossover only counts below it.
		if (!swaCells || crossover < swaCapCells) points.add(crossover);
	}
	return [...points].sort((a, b) => a - b);
}

/**
 * Largest cells per stream (real number) that keep a constraint within its limit. Memory is
 * non-decreasing and linear between breakpoints, so each piece is solved as a line.
 */
function solveConstraint(constraint: Constraint, swaCapCells: number): number {
	const usage = (cells: number) => getUsage(constraint, cells, swaCapCells);
	if (usage(0) > constraint.limit) return -1;
	const points = getBreakpoints(constraint, swaCapCells);
	for (let index = 0; index < points.length; index++) {
		const start = points[index]!;
		const end = points[index + 1] ?? Number.POSITIVE_INFINITY;
		const atStart = usage(start);
		// Slope of this piece, from the line through its start and a point inside it.
		const probe = Number.isFinite(end) ? end : start + 1;
		const slope = (usage(probe) - atStart) / (probe - start);
		if (slope <= 0) {
			if (!Number.isFinite(end)) return Number.POSITIVE_INFINITY;
			continue;
		}
		const reach = start + (constraint.limit - atStart) / slope;
		if (reach < end) return reach;
	}
	return Number.POSITIVE_INFINITY;
}

/** Largest per-sequence context the model may use under a runtime's context setting. */
function getContextCeiling(input: Omit<EstimateInput, 'context'>): number {
	const runtime = input.runtime ?? 'llama.cpp';
	// llama.cpp's -c is shared by the sequences; the others are per sequence already.
	if (runtime !== 'llama.cpp') return input.model.maxContext;
	return input.model.maxContext * toSequenceCount(input.parallel);
}

/** Solves a memory model for the largest context, without the small-batch correction. */
function solveModel(memory: MemoryModel): { cells: number; limitedBy: string } {
	let cells = Number.POSITIVE_INFINITY;
	let limitedBy = 'maxContext';
	for (const constraint of getConstraints(memory)) {
		const reach = solveConstraint(constraint, memory.swaCapCells);
		if (reach < cells) {
			cells = reach;
			limitedBy = constraint.id;
		}
	}
	return { cells, limitedBy };
}

/**
 * The largest context that fits, solved from the memory model rather than searched: each device
 * (and the host, when its RAM is given) is a piecewise-linear function of the KV cells per stream,
 * with breaks at the sliding-window cap and where attention scores outgrow the fixed compute
 * terms. Each piece is solved as a line, the tightest limit wins, the cells are rounded down to
 * the runtime's padding (256 for llama.cpp, 16 for vLLM) and turned back into the runtime's
 * context setting, and the result is capped at the model's trained length.
 *
 * Below one llama.cpp batch (512 tokens) the batch shrinks with the context; if the solution
 * falls there, the smallest context (256 cells) is checked with its own batch.
 */
export function solveMaxContextDetailed(input: Omit<EstimateInput, 'context'>): MaxContextResult {
	const ceiling = getContextCeiling(input);
	const memory = buildMemoryModel({ ...input, context: ceiling });
	const llama = memory.runtime === 'llama.cpp' || memory.runtime === 'ollama';
	let { cells, limitedBy } = solveModel(memory);
	if (llama && cells < MIN_CONTEXT_CELLS) {
		const small = buildMemoryModel({
			...input,
			context: MIN_CONTEXT_CELLS,
			ubatch: Math.min(input.ubatch ?? MIN_CONTEXT_CELLS, MIN_CONTEXT_CELLS),
		});
		const fits = getConstraints(small).every(
			(constraint) => getUsage(constraint, MIN_CONTEXT_CELLS, small.swaCapCells) <= constraint.limit,
		);
		if (!fits) return { context: 0, limitedBy };
		cells = MIN_CONTEXT_CELLS;
	}
	if (cells < 0) return { context: 0, limitedBy };
	if (!Number.isFinite(cells)) return { context: ceiling, limitedBy: 'maxContext' };
	const whole = Math.floor(cells / memory.cellStep) * memory.cellStep;
	if (whole <= 0) return { context: 0, limitedBy };
	const context = memory.getMaxContext(whole);
	if (context <= 0) return { context: 0, limitedBy };
	if (context >= ceiling) return { context: ceiling, limitedBy: 'maxContext' };
	return { context, limitedBy };
}

/**
 * The largest context that fits, in the runtime's own context setting (llama.cpp `-c`, Ollama
 * `num_ctx`, vLLM `--max-model-len`); 0 when even the smallest context does not fit.
 */
export function solveMaxContext(input: Omit<EstimateInput, 'context'>): number {
	return solveMaxContextDetailed(input).context;
}
