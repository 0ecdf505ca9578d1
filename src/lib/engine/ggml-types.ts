/**
 * Storage layout of ggml tensor types: bytes per block and values per block, as declared by the
 * `block_*` structs in ggml/src/ggml-common.h (llama.cpp). A tensor row of n values takes
 * n / values blocks, so a type's bits per weight is 8 x bytes / values.
 */

/** Bytes and values of one block of a ggml type. */
export interface BlockLayout {
	/** Bytes in one block. */
	bytes: number;
	/** Values in one block. */
	values: number;
}

/**
 * Block layouts by ggml type name (lowercase). The byte counts add up the struct fields, e.g.
 * q8_0 = fp16 scale (2) + 32 int8 = 34; q4_k = 2 fp16 (4) + 12 scale bytes + 128 nibble bytes =
 * 144; iq4_xs = fp16 (2) + 2 high-scale bytes + 4 low-scale bytes + 128 = 136; iq2_xs = fp16 (2)
 * + 32 uint16 grid indices (64) + 8 scale bytes = 74; iq3_s = fp16 (2) + 64 + 8 + 32 sign bytes
 * + 4 scale bytes = 110; iq1_m has no fp16 field: 32 + 16 + 8 = 56; mxfp4 = one e8m0 scale + 16
 * bytes = 17; nvfp4 = four ue4m3 scales + 32 bytes per 64 values = 36.
 */
export const GGML_TYPES = {
	f32: { bytes: 4, values: 1 },
	f16: { bytes: 2, values: 1 },
	bf16: { bytes: 2, values: 1 },
	q8_0: { bytes: 34, values: 32 },
	q5_1: { bytes: 24, values: 32 },
	q5_0: { bytes: 22, values: 32 },
	q4_1: { bytes: 20, values: 32 },
	q4_0: { bytes: 18, values: 32 },
	iq4_nl: { bytes: 18, values: 32 },
	mxfp4: { bytes: 17, values: 32 },
	nvfp4: { bytes: 36, values: 64 },
	q6_k: { bytes: 210, values: 256 },
	q5_k: { bytes: 176, values: 256 },
	q4_k: { bytes: 144, values: 256 },
	q3_k: { bytes: 110, values: 256 },
	q2_k: { bytes: 84, values: 256 },
	iq4_xs: { bytes: 136, values: 256 },
	iq3_s: { bytes: 110, values: 256 },
	iq3_xxs: { bytes: 98, values: 256 },
	iq2_s: { bytes: 82, values: 256 },
	iq2_xs: { bytes: 74, values: 256 },
	iq2_xxs: { bytes: 66, values: 256 },
	iq1_m: { bytes: 56, values: 256 },
	iq1_s: { bytes: 50, values: 256 },
} as const satisfies Record<string, BlockLayout>;

/** A ggml tensor type the engine knows. */
export type GgmlType = keyof typeof GGML_TYPES;

/** Whether a string names a ggml type the engine knows. */
export function isGgmlType(name: string): name is GgmlType {
	return Object.hasOwn(GGML_TYPES, name);
}

/** Bits per value of a ggml type, e.g. 8.5 for q8_0. */
export function getBitsPerValue(type: GgmlType): number {
	const layout = GGML_TYPES[type];
	return (8 * layout.bytes) / layout.values;
}

/**
 * Bytes of a row of `n` values, as ggml_row_size computes it. ggml requires whole blocks; a
 * partial block is rounded up here so that the engine never under-counts.
 */
export function getRowBytes(type: GgmlType, n: number): number {
	const layout = GGML_TYPES[type];
	return Math.ceil(n / layout.values) * layout.bytes;
}

/** Bytes of `count` values in a type, counted in whole blocks of the row length `rowLength`. */
export function getTensorBytes(type: GgmlType, count: number, rowLength: number): number {
	if (count === 0) return 0;
	const rows = count / rowLength;
	return rows * getRowBytes(type, rowLength);
}
