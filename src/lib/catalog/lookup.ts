import type { Catalog, Entry } from './load.ts';

/** Indexes a collection by id. */
export function indexById<T extends { id: string }>(records: readonly T[]): Map<string, T> {
	return new Map(records.map((record) => [record.id, record]));
}

/** The catalog with every collection indexed by id, for pages that resolve many references. */
export interface CatalogIndex {
	catalog: Catalog;
	sources: Map<string, Catalog['sources'][number]>;
	gpus: Map<string, Catalog['gpus'][number]>;
	quants: Map<string, Catalog['quants'][number]>;
	models: Map<string, Catalog['models'][number]>;
	benchmarks: Map<string, Catalog['benchmarks'][number]>;
	prices: Map<string, Catalog['prices'][number]>;
	modelFiles: Map<string, Catalog['modelFiles'][number]>;
}

/** Builds the id indexes of a catalog. */
export function indexCatalog(catalog: Catalog): CatalogIndex {
	return {
		catalog,
		sources: indexById(catalog.sources),
		gpus: indexById(catalog.gpus),
		quants: indexById(catalog.quants),
		models: indexById(catalog.models),
		benchmarks: indexById(catalog.benchmarks),
		prices: indexById(catalog.prices),
		modelFiles: indexById(catalog.modelFiles),
	};
}

/** Bits per weight of a block layout: bytes x 8 / values. */
export function getBlockBitsPerWeight(quant: { blockBytes: number; blockValues: number }): number {
	return (quant.blockBytes * 8) / quant.blockValues;
}

export type { Entry };
