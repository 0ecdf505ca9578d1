/**
 * What each key of the calculator's link holds, for the key table on the calculator page. Kept
 * apart from permalink.ts so that the island, which only reads and writes links, does not ship
 * the documentation.
 */
import { CACHE_TYPES, PERMALINK_KEY_ORDER, RUNTIMES, type PermalinkKeyField } from './permalink.ts';

/** One documented query key of the calculator's link. */
export interface PermalinkKey extends PermalinkKeyField {
	/** Format, range, unit and default, for the page's key table. */
	description: string;
}

/** What each key of the calculator's link holds, by key. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
	v: 'Version of the key layout, always written; `1` is the only one so far.',
	m: 'Model id from the catalog, or `custom` with `cm`. Default: the featured model.',
	q: 'Quant id from the catalog, e.g. `iq4_xs`.',
	c: 'Context length in tokens, a whole number from 256 to 2097152. Default 8192.',
	k: `K cache type: ${CACHE_TYPES.join(', ')}. Default f16.`,
	vt: 'V cache type, same choices as `k`. Default f16.',
	p: 'Parallel sequences, 1 to 64. Default 1.',
	fa: 'Flash attention: `on` or `off`. Default on.',
	rt: `Runtime: ${RUNTIMES.join(', ')}. Default llama.cpp.`,
	g:
		'GPUs as comma-separated catalog ids, each optionally `*count`, e.g. ' +
		'`rtx-3090*2,rtx-4090`; 1 to 8 devices in all. `custom` refers to `cg`.',
	cg:
		'The custom GPU as `memoryGiB,bandwidthGBps,name`, e.g. `24,936,My card`; the name ' +
		'may be left out. Read only when `g` lists `custom`.',
	ram: 'System RAM in GiB, 0 to 2048 (0: not given).',
	rb: 'System RAM bandwidth in GB/s, 0 to 20000 (0: not given).',
	cl: 'Layers kept on the CPU, 0 to 1024. Default 0.',
	ce: 'MoE layers whose experts stay on the CPU, 0 to 1024. Default 0.',
	vp: 'Vision projector in MiB, 0 to 16384.',
	dm: 'Draft model in MiB, 0 to 262144.',
	pt: 'Prompt tokens for time to first token, 1 to 2097152. Default 4096.',
	cm:
		'The custom model, read only when `m=custom`: `1` (the format), then `~`-separated ' +
		'parts `tp:` total params, `ap:` active params, `l:` layers, `lp:` layer pattern, ' +
		'`hs:` hidden size, optional `at:heads,kvHeads,headDim[,headDimV]`, `sw:` sliding ' +
		'window, `mla:kvLoraRank,qkRopeHeadDim`, `rec:kind,dConv,dInner,dState,nGroups`, ' +
		'`moe:experts,perToken,shared`, then `voc:` vocabulary, `tie:` 0 or 1, `ctx:` max ' +
		'context and last `n:` name (up to 60 characters).',
};

/** Every key of the calculator's link with what it holds, in the order links are written. */
export const PERMALINK_KEYS: readonly PermalinkKey[] = PERMALINK_KEY_ORDER.map((entry) => ({
	...entry,
	description: DESCRIPTIONS[entry.key] ?? '',
}));
