import { plainRef, type CollectionName, type RefFactory } from './common.ts';
import { makeBenchmarkSchema } from './benchmark.ts';
import { makeGpuSchema } from './gpu.ts';
import { makeModelFileSchema } from './model-file.ts';
import { makeModelSchema } from './model.ts';
import { makePriceSchema } from './price.ts';
import { makeQuantSchema } from './quant.ts';
import { makeSourceSchema } from './source.ts';

/** The schema of every collection, built with the given reference factory. */
export const makeSchemas = (ref: RefFactory) => ({
	sources: makeSourceSchema(ref),
	gpus: makeGpuSchema(ref),
	quants: makeQuantSchema(ref),
	models: makeModelSchema(ref),
	modelFiles: makeModelFileSchema(ref),
	benchmarks: makeBenchmarkSchema(ref),
	prices: makePriceSchema(ref),
});

/** Schemas for use outside Astro (scripts, tests): references are plain ids. */
export const plainSchemas = makeSchemas(plainRef);

/**
 * The folder behind each collection, relative to the content folder. Every `.yaml` file in it
 * holds one record or a list of records, each with an `id`.
 */
export const COLLECTION_FOLDERS: Record<CollectionName, string> = {
	sources: 'sources',
	gpus: 'gpus',
	quants: 'quants',
	models: 'models',
	modelFiles: 'model-files',
	benchmarks: 'benchmarks',
	prices: 'prices',
};

export * from './common.ts';
export type { Benchmark } from './benchmark.ts';
export type { Gpu } from './gpu.ts';
export type { Model, ModelInput } from './model.ts';
export type { ModelFile } from './model-file.ts';
export type { Price } from './price.ts';
export type { Quant } from './quant.ts';
export type { Source } from './source.ts';
