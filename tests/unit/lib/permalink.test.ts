import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FUZZ_RUNS } from '../fuzz.ts';
import {
	BASE_DEFAULTS,
	CACHE_TYPES,
	CUSTOM_ID,
	DEFAULT_CUSTOM_GPU_NAME,
	DEFAULT_CUSTOM_MODEL_NAME,
	LIMITS,
	MAX_LAYERS,
	RUNTIMES,
	applyCustomGpuEdit,
	createDefaultState,
	decodeState,
	encodeState,
	findCustomModelNumberProblem,
	findCustomModelProblem,
	isValidState,
	type CalculatorState,
	type CustomModel,
	type GpuSelection,
	type KnownIds,
} from '../../../src/lib/permalink.ts';
import { PERMALINK_KEYS } from '../../../src/lib/permalink-keys.ts';
import {
	MAX_QUERY_CHARS,
	MAX_QUOTE_CHARS,
	WHOLE_QUERY_KEY,
	findNumberProblem,
	isCleanName,
	toPrintableText,
	type IgnoredParam,
	type NumberRule,
} from '../../../src/lib/query-codec.ts';

const MODELS = ['nemotron-cascade-2-30b-a3b', 'qwen3-5-35b-a3b', 'qwen3-6-27b'];
const QUANTS = ['iq4_xs', 'q4_k_m', 'q8_0'];
const GPUS = ['rtx-3090', 'rtx-4090', 'rtx-5090', 'a40'];
const KNOWN: KnownIds = {
	models: new Set(MODELS),
	quants: new Set(QUANTS),
	gpus: new Set(GPUS),
};
const DEFAULTS = createDefaultState({
	model: 'nemotron-cascade-2-30b-a3b',
	quant: 'iq4_xs',
	gpus: [{ id: 'rtx-3090', count: 1 }],
});

/** A custom model part of a link that passes every check, for tests that change one thing. */
const VALID_CM =
	'1~tp:31577937920~ap:3500000000~l:4~lp:(RE)*2~hs:2688~at:32,2,128' +
	'~rec:mamba2,4,4096,128,8~moe:128,6,1~voc:131072~tie:0~ctx:262144';

/** Decodes against the test catalog and defaults. */
function decode(query: string | URLSearchParams) {
	return decodeState(query, KNOWN, DEFAULTS);
}

/** Checks that a report entry is safe to show as text: short, printable quotes, a sentence. */
function assertSafeEntry(entry: IgnoredParam) {
	assert.ok(Array.from(entry.value).length <= MAX_QUOTE_CHARS + 1, entry.value);
	assert.doesNotMatch(entry.value, /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
	assert.doesNotMatch(entry.reason, /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
	assert.match(entry.reason, /^[A-Z].*\.$/su);
}

/** Numbers a rule accepts, as the decoder would read them back. */
function numberIn(rule: NumberRule) {
	const scale = 10 ** rule.decimals;
	return fc
		.integer({ min: Math.ceil(rule.min * scale), max: Math.floor(rule.max * scale) })
		.map((units) => units / scale);
}

const nameArb = fc
	.oneof(
		fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
		fc.string({
			unit: fc.constantFrom(
				'~',
				'n',
				':',
				',',
				'&',
				'=',
				'+',
				'%',
				'#',
				'?',
				' ',
				'é',
				'😀',
				'/',
				'*',
			),
			minLength: 1,
			maxLength: 60,
		}),
	)
	.map((raw) => toPrintableText(raw).text)
	.filter((name) => isCleanName(name, 60));

/** Layer patterns built from literal runs and `(group)*N`, with their expanded layer string. */
const patternArb = fc
	.array(
		fc.record({
			letters: fc
				.array(fc.constantFrom('F', 'S', 'R', 'E', 'D'), { minLength: 1, maxLength: 6 })
				.map((letters) => letters.join('')),
			times: fc.integer({ min: 1, max: 12 }),
			grouped: fc.boolean(),
		}),
		{ minLength: 1, maxLength: 8 },
	)
	.map((parts) => ({
		pattern: parts.map((p) => (p.grouped ? `(${p.letters})*${p.times}` : p.letters)).join(''),
		layers: parts.map((p) => (p.grouped ? p.letters.repeat(p.times) : p.letters)).join(''),
	}));

const customModelArb: fc.Arbitrary<CustomModel> = fc
	.record({
		shape: patternArb,
		name: fc.oneof(fc.constant(DEFAULT_CUSTOM_MODEL_NAME), nameArb),
		params: fc.tuple(numberIn(LIMITS.params), numberIn(LIMITS.params)),
		hiddenSize: numberIn(LIMITS.width),
		attention: fc.record({
			heads: numberIn(LIMITS.heads),
			kvHeads: numberIn(LIMITS.heads),
			headDim: numberIn(LIMITS.headDim),
			headDimV: fc.option(numberIn(LIMITS.headDim), { nil: undefined }),
			slidingWindow: fc.option(numberIn(LIMITS.tokens), { nil: undefined }),
			mla: fc.option(fc.tuple(numberIn(LIMITS.count), numberIn(LIMITS.count)), { nil: undefined }),
		}),
		withAttention: fc.boolean(),
		recurrent: fc.record({
			kind: fc.constantFrom('mamba2' as const, 'gated-deltanet' as const),
			dConv: numberIn(LIMITS.convWidth),
			dInner: numberIn(LIMITS.width),
			dState: numberIn(LIMITS.count),
			nGroups: numberIn(LIMITS.count),
		}),
		withRecurrent: fc.boolean(),
		moe: fc.option(
			fc.tuple(numberIn(LIMITS.count), numberIn(LIMITS.count), numberIn(LIMITS.sharedExperts)),
			{ nil: undefined },
		),
		vocabSize: numberIn(LIMITS.vocab),
		tiedEmbeddings: fc.boolean(),
		maxContext: numberIn(LIMITS.tokens),
	})
	.filter(({ shape }) => shape.layers.length <= MAX_LAYERS)
	.map((draw) => {
		const { layers } = draw.shape;
		const model: CustomModel = {
			name: draw.name,
			totalParams: Math.max(...draw.params),
			activeParams: Math.min(...draw.params),
			layers: layers.length,
			layerPattern: draw.shape.pattern,
			hiddenSize: draw.hiddenSize,
			vocabSize: draw.vocabSize,
			tiedEmbeddings: draw.tiedEmbeddings,
			maxContext: draw.maxContext,
		};
		if (draw.withAttention || /[FS]/.test(layers)) {
			const { heads, kvHeads, headDim, headDimV, slidingWindow, mla } = draw.attention;
			model.attention = { heads, kvHeads, headDim };
			if (headDimV !== undefined) model.attention.headDimV = headDimV;
			if (slidingWindow !== undefined || layers.includes('S')) {
				model.attention.slidingWindow = slidingWindow ?? 4096;
			}
			if (mla) model.attention.mla = { kvLoraRank: mla[0], qkRopeHeadDim: mla[1] };
		}
		// fast-check records have no prototype; the decoder builds plain objects.
		if (draw.withRecurrent || layers.includes('R')) model.recurrent = { ...draw.recurrent };
		if (draw.moe) {
			const [a, b, sharedExperts] = draw.moe;
			model.moe = {
				experts: Math.max(a, b),
				expertsPerToken: Math.min(a, b),
				sharedExperts,
			};
		}
		return model;
	});

/** GPU lists of 1 to MAX_DEVICES devices; `custom` only when asked for. */
function gpuListArb(allowCustom: boolean): fc.Arbitrary<GpuSelection[]> {
	const ids = allowCustom ? [...GPUS, CUSTOM_ID] : GPUS;
	return fc
		.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 4 })
		.chain((picked) =>
			fc.tuple(
				...picked.map((id) => fc.integer({ min: 1, max: 3 }).map((count) => ({ id, count }))),
			),
		)
		.filter((gpus) => gpus.reduce((sum, gpu) => sum + gpu.count, 0) <= 8);
}

function stateArb(forDefaults: boolean): fc.Arbitrary<CalculatorState> {
	const models = forDefaults ? MODELS : [...MODELS, CUSTOM_ID];
	return fc
		.record({
			model: fc.constantFrom(...models),
			quant: fc.constantFrom(...QUANTS),
			context: numberIn(LIMITS.context),
			cacheTypeK: fc.constantFrom(...CACHE_TYPES),
			cacheTypeV: fc.constantFrom(...CACHE_TYPES),
			parallel: numberIn(LIMITS.parallel),
			flashAttention: fc.boolean(),
			runtime: fc.constantFrom(...RUNTIMES),
			gpus: gpuListArb(!forDefaults),
			customGpu: fc.record({
				name: fc.oneof(fc.constant(DEFAULT_CUSTOM_GPU_NAME), nameArb),
				memoryGiB: numberIn(LIMITS.customGpuMemoryGiB),
				bandwidthGBps: numberIn(LIMITS.customGpuBandwidthGBps),
			}),
			ramGiB: numberIn(LIMITS.ramGiB),
			ramBandwidthGBps: numberIn(LIMITS.ramBandwidthGBps),
			cpuLayers: numberIn(LIMITS.cpuLayers),
			cpuMoeLayers: numberIn(LIMITS.cpuMoeLayers),
			visionProjectorMiB: numberIn(LIMITS.visionProjectorMiB),
			draftModelMiB: numberIn(LIMITS.draftModelMiB),
			promptTokens: numberIn(LIMITS.promptTokens),
			customModel: customModelArb,
		})
		.map(({ customGpu, customModel, ...rest }) => {
			const state: CalculatorState = { version: 1, ...rest };
			if (state.gpus.some((gpu) => gpu.id === CUSTOM_ID)) state.customGpu = { ...customGpu };
			if (state.model === CUSTOM_ID) state.customModel = customModel;
			return state;
		});
}

/** A copy of a value with every object's keys inserted in reverse order. */
function reverseKeys<T>(value: T): T {
	if (Array.isArray(value)) return value.map(reverseKeys) as T;
	if (typeof value !== 'object' || value === null) return value;
	const entries = Object.entries(value).reverse();
	return Object.fromEntries(entries.map(([key, inner]) => [key, reverseKeys(inner)])) as T;
}

const HOSTILE_VALUES = [
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	'javascript:alert(1)',
	'\u0000\u0001\u001b[31m',
	'\u202Eevil\u200B',
	'\ud800',
	'%00%ZZ%E0%A4%A',
	'-0',
	'1e3',
	'0x10',
	'NaN',
	'Infinity',
	'custom',
	'rtx-3090*9',
	'rtx-3090*0,rtx-3090,,*',
	'(F)*99999999999999999999',
	`${VALID_CM}~n:<b>x</b>`,
	VALID_CM.replace('l:4', 'l:5'),
	'9'.repeat(2100),
];

const soupArb = fc
	.array(
		fc.tuple(
			fc.oneof(
				fc.constantFrom(...PERMALINK_KEYS.map((entry) => entry.key)),
				fc.string({ unit: 'binary', maxLength: 6 }),
			),
			fc.oneof(
				fc.constantFrom(...HOSTILE_VALUES),
				fc.string({ unit: 'binary', maxLength: 40 }),
				fc.integer().map(String),
				fc.double().map(String),
			),
			fc.boolean(),
		),
		{ maxLength: 30 },
	)
	.map((pairs) =>
		pairs
			.map(([key, value, escape]) =>
				escape ? `${key}=${encodeURIComponent(value.replace(/\p{Cs}/gu, ''))}` : `${key}=${value}`,
			)
			.join('&'),
	);

/** Decodes and checks the promises every decode keeps, whatever the input. */
function assertDecodesSafely(query: string | URLSearchParams) {
	const { state, ignored } = decode(query);
	assert.ok(isValidState(state, KNOWN), JSON.stringify(state));
	for (const entry of ignored) assertSafeEntry(entry);
}

describe('encodeState', () => {
	it('writes only the version for the default state', () => {
		assert.equal(encodeState(DEFAULTS, DEFAULTS), 'v=1');
	});

	it('writes changed settings in the fixed key order', () => {
		const state: CalculatorState = {
			...DEFAULTS,
			promptTokens: 16_384,
			gpus: [
				{ id: 'rtx-3090', count: 2 },
				{ id: 'rtx-4090', count: 1 },
			],
			context: 131_072,
			quant: 'q4_k_m',
			flashAttention: false,
			cacheTypeV: 'q8_0',
			ramGiB: 63.5,
		};

		assert.equal(
			encodeState(state, DEFAULTS),
			'v=1&q=q4_k_m&c=131072&vt=q8_0&fa=off&g=rtx-3090*2,rtx-4090&ram=63.5&pt=16384',
		);
	});

	it('writes a custom GPU and a custom model with their names', () => {
		const state: CalculatorState = {
			...DEFAULTS,
			model: CUSTOM_ID,
			gpus: [{ id: CUSTOM_ID, count: 2 }],
			customGpu: { name: 'My card, v2', memoryGiB: 24, bandwidthGBps: 936.2 },
			customModel: {
				name: 'Tiny & hybrid',
				totalParams: 31_577_937_920,
				activeParams: 3_500_000_000,
				layers: 4,
				layerPattern: '(RE)*2',
				hiddenSize: 2688,
				attention: { heads: 32, kvHeads: 2, headDim: 128 },
				recurrent: { kind: 'mamba2', dConv: 4, dInner: 4096, dState: 128, nGroups: 8 },
				moe: { experts: 128, expertsPerToken: 6, sharedExperts: 1 },
				vocabSize: 131_072,
				tiedEmbeddings: false,
				maxContext: 262_144,
			},
		};

		assert.equal(
			encodeState(state, DEFAULTS),
			'v=1&m=custom&g=custom*2&cg=24,936.2,My%20card,%20v2' +
				`&cm=${VALID_CM}~n:Tiny%20%26%20hybrid`,
		);
	});

	it('gives the same string however the state object was built', () => {
		fc.assert(
			fc.property(stateArb(false), (state) => {
				assert.equal(encodeState(reverseKeys(state), DEFAULTS), encodeState(state, DEFAULTS));
			}),
		);
	});

	it('is stable through a decode', () => {
		fc.assert(
			fc.property(stateArb(false), stateArb(true), (state, defaults) => {
				const once = encodeState(state, defaults);
				const again = encodeState(decodeState(once, KNOWN, defaults).state, defaults);
				assert.equal(again, once);
			}),
		);
	});
});

describe('decodeState', () => {
	it('reads back every valid state exactly, with nothing ignored', () => {
		fc.assert(
			fc.property(stateArb(false), stateArb(true), (state, defaults) => {
				const query = encodeState(state, defaults);
				const decoded = decodeState(query, KNOWN, defaults);

				assert.deepEqual(decoded.ignored, []);
				assert.deepEqual(decoded.state, state);
				assert.ok(query.length <= MAX_QUERY_CHARS);
			}),
		);
	});

	it('returns a valid state for any string', () => {
		fc.assert(fc.property(fc.string(), assertDecodesSafely), { numRuns: FUZZ_RUNS });
		fc.assert(fc.property(fc.string({ unit: 'binary' }), assertDecodesSafely), { numRuns: FUZZ_RUNS });
		fc.assert(
			fc.property(fc.string({ unit: 'binary-ascii', maxLength: 200 }), assertDecodesSafely),
		);
	});

	it('returns a valid state for any soup of keys and values', () => {
		fc.assert(fc.property(soupArb, assertDecodesSafely), { numRuns: FUZZ_RUNS });
		fc.assert(fc.property(soupArb, (soup) => assertDecodesSafely(new URLSearchParams(soup))));
	});

	it('returns a valid state for valid links with characters changed', () => {
		const mutated = fc
			.tuple(
				stateArb(false),
				fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary-ascii', maxLength: 2 })), {
					minLength: 1,
					maxLength: 4,
				}),
			)
			.map(([state, edits]) => {
				let query = encodeState(state, DEFAULTS);
				for (const [at, text] of edits) {
					const index = at % (query.length + 1);
					query = query.slice(0, index) + text + query.slice(index + 1);
				}
				return query;
			});

		fc.assert(fc.property(mutated, assertDecodesSafely), { numRuns: FUZZ_RUNS });
	});

	it('reports an unknown model id and keeps the default model', () => {
		const { state, ignored } = decode('m=llama-9-70b');

		assert.equal(state.model, DEFAULTS.model);
		assert.deepEqual(ignored, [
			{
				key: 'm',
				value: 'llama-9-70b',
				reason:
					'Model "llama-9-70b" is not in the catalog, so the default ' +
					'(nemotron-cascade-2-30b-a3b) is used.',
			},
		]);
	});

	it('reports a context of 0', () => {
		const { state, ignored } = decode('c=0');

		assert.equal(state.context, 8192);
		assert.deepEqual(ignored, [
			{
				key: 'c',
				value: '0',
				reason:
					'Context "0" is below the minimum of 256 tokens, so the default (8,192 tokens) is used.',
			},
		]);
	});

	it('reports a context that is not a number', () => {
		const { state, ignored } = decode('c=abc');

		assert.equal(state.context, 8192);
		assert.deepEqual(ignored, [
			{
				key: 'c',
				value: 'abc',
				reason: 'Context "abc" is not a whole number, so the default (8,192 tokens) is used.',
			},
		]);
	});

	it('refuses a custom model name with a script tag but keeps the model', () => {
		const query = new URLSearchParams({
			m: 'custom',
			cm: `${VALID_CM}~n:<script>alert(1)</script>`,
		});
		const { state, ignored } = decode(query);

		assert.equal(state.model, CUSTOM_ID);
		assert.equal(state.customModel?.name, DEFAULT_CUSTOM_MODEL_NAME);
		assert.equal(state.customModel?.layers, 4);
		assert.deepEqual(ignored, [
			{
				key: 'cm',
				value: '<script>alert(1)</script>',
				reason:
					'Custom model name "<script>alert(1)</script>" contains < or >, which names may ' +
					'not use, so the name "Custom model" is used.',
			},
		]);
	});

	it('refuses a custom GPU name with markup', () => {
		const { state, ignored } = decode('g=custom&cg=24,936,%3Cimg%20src%3Dx%3E');

		assert.deepEqual(state.customGpu, {
			name: DEFAULT_CUSTOM_GPU_NAME,
			memoryGiB: 24,
			bandwidthGBps: 936,
		});
		assert.deepEqual(ignored, [
			{
				key: 'cg',
				value: '<img src=x>',
				reason:
					'Custom GPU name "<img src=x>" contains < or >, which names may not use, so the ' +
					'name "Custom GPU" is used.',
			},
		]);
	});

	it('reads an unknown version as version 1', () => {
		const { state, ignored } = decode('v=99&c=4096');

		assert.equal(state.version, 1);
		assert.equal(state.context, 4096);
		assert.deepEqual(ignored, [
			{
				key: 'v',
				value: '99',
				reason:
					'Version "99" is not supported (this page reads version 1), so the link is read as version 1.',
			},
		]);
	});

	it('reads a link without a version as the current one', () => {
		assert.deepEqual(decode('c=4096').ignored, []);
	});

	it('accepts a leading question mark and URLSearchParams', () => {
		const query = 'g=rtx-3090*2,rtx-4090&rt=vllm';
		const expected = {
			...DEFAULTS,
			runtime: 'vllm',
			gpus: [
				{ id: 'rtx-3090', count: 2 },
				{ id: 'rtx-4090', count: 1 },
			],
		};

		assert.deepEqual(decode(`?${query}`).state, expected);
		assert.deepEqual(decode(new URLSearchParams(query)).state, expected);
	});

	it('reports unknown and repeated keys', () => {
		const { state, ignored } = decode('utm_source=x&c=4096&c=2048');

		assert.equal(state.context, 4096);
		assert.deepEqual(ignored, [
			{
				key: 'utm_source',
				value: 'x',
				reason: 'Setting "utm_source" is not one this page knows, so it is ignored.',
			},
			{
				key: 'c',
				value: '2048',
				reason: 'Setting "c" appears more than once, so only its first value is used.',
			},
		]);
	});

	it('refuses a value over 2,000 characters and quotes only 40 of it', () => {
		const { state, ignored } = decode(`m=${'a'.repeat(2001)}`);

		assert.equal(state.model, DEFAULTS.model);
		assert.deepEqual(ignored, [
			{
				key: 'm',
				value: `${'a'.repeat(40)}…`,
				reason:
					`Model "${'a'.repeat(40)}…" is longer than 2,000 characters, so the default ` +
					'(nemotron-cascade-2-30b-a3b) is used.',
			},
		]);
	});

	it('ignores a whole query over 8,000 characters', () => {
		const query = `c=4096&x=${'b'.repeat(8000)}`;
		const { state, ignored } = decode(query);

		assert.deepEqual(state, DEFAULTS);
		assert.equal(ignored.length, 1);
		assert.equal(ignored[0]!.key, WHOLE_QUERY_KEY);
		assert.equal(
			ignored[0]!.reason,
			"The link's settings are 8,009 characters long, more than the 8,000 this page reads, " +
				'so every setting keeps its default.',
		);
	});

	it('quotes control characters as replacement characters', () => {
		const { ignored } = decode('k=%00q8%1B%E2%80%AE');

		assert.deepEqual(ignored, [
			{
				key: 'k',
				value: '\uFFFDq8\uFFFD\uFFFD',
				reason:
					'K cache type "\uFFFDq8\uFFFD\uFFFD" is not one of f32, f16, bf16, q8_0, q5_1, ' +
					'q5_0, q4_1, q4_0, iq4_nl, so the default (f16) is used.',
			},
		]);
	});

	it('refuses numbers in forms other than plain decimals', () => {
		for (const text of ['1e4', '0x2000', ' 4096', '+4096', '4096.5', 'Infinity', 'NaN', '']) {
			const { state, ignored } = decode(`c=${encodeURIComponent(text)}`);
			assert.equal(state.context, 8192, text);
			assert.equal(ignored.length, 1, text);
		}
	});

	it('reads -0 as 0, never as negative zero', () => {
		const { state } = decode('ram=-0');

		assert.ok(Object.is(state.ramGiB, 0));
	});

	it('reports too many decimals', () => {
		const { ignored } = decode('ram=15.999');

		assert.equal(
			ignored[0]!.reason,
			'System RAM "15.999" has more than 2 decimal places, so the default (0 GiB) is used.',
		);
	});

	it('leaves out unknown GPUs and merges repeated ones', () => {
		const { state, ignored } = decode('g=rtx-3090,rtx-9999,rtx-3090*2,a40*x');

		assert.deepEqual(state.gpus, [{ id: 'rtx-3090', count: 3 }]);
		assert.deepEqual(
			ignored.map((entry) => entry.reason),
			[
				'GPU "rtx-9999" is not in the catalog, so it is left out.',
				'GPU "rtx-3090" is listed more than once, so its counts were added up.',
				'GPU entry "a40*x" is not an id with an optional *count from 1 to 8, so it is left out.',
			],
		);
	});

	it('refuses more than eight devices', () => {
		const { state, ignored } = decode('g=rtx-3090*8,rtx-4090');

		assert.deepEqual(state.gpus, DEFAULTS.gpus);
		assert.equal(
			ignored[0]!.reason,
			'GPUs "rtx-3090*8,rtx-4090" adds up to 9 devices, more than the maximum of 8, so the ' +
				'default (rtx-3090) is used.',
		);
	});

	it('drops `custom` from the GPUs without a readable custom GPU', () => {
		const { state, ignored } = decode('g=rtx-4090,custom&cg=24,fast');

		assert.deepEqual(state.gpus, [{ id: 'rtx-4090', count: 1 }]);
		assert.equal(state.customGpu, undefined);
		assert.deepEqual(
			ignored.map((entry) => entry.reason),
			[
				'GPU entry "custom" needs a custom GPU ("cg") that this page can read, so it is left out.',
				'Custom GPU "24,fast" has a bandwidth "fast", which is not a number, so it is left out.',
			],
		);
	});

	it('ignores a custom GPU the GPU list does not use', () => {
		const { state, ignored } = decode('cg=24,936');

		assert.equal(state.customGpu, undefined);
		assert.equal(
			ignored[0]!.reason,
			'Custom GPU "24,936" is only used when the GPUs ("g") include "custom", so it is ignored.',
		);
	});

	it('falls back to the default model when `m=custom` has no usable custom model', () => {
		const { state, ignored } = decode(`m=custom&cm=${VALID_CM.replace('l:4', 'l:5')}`);

		assert.equal(state.model, DEFAULTS.model);
		assert.equal(state.customModel, undefined);
		assert.deepEqual(
			ignored.map((entry) => entry.reason),
			[
				'Custom model "1~tp:31577937920~ap:3500000000~l:5~lp:(R…" has a layer pattern of 4 ' +
					'layers, but 5 layers in "l", so it is left out.',
				'Model "custom" needs a custom model ("cm") that this page can read, so the default ' +
					'(nemotron-cascade-2-30b-a3b) is used.',
			],
		);
	});

	it('ignores a custom model when the model is from the catalog', () => {
		const { state, ignored } = decode(`m=qwen3-6-27b&cm=${VALID_CM}`);

		assert.equal(state.model, 'qwen3-6-27b');
		assert.equal(state.customModel, undefined);
		assert.match(ignored[0]!.reason, /is only used when the model \("m"\) is "custom"/);
	});

	it('refuses a layer pattern that would expand past the layer limit', () => {
		const cm = VALID_CM.replace('lp:(RE)*2', 'lp:(RE)*99999999999999');
		const { ignored } = decode(`m=custom&cm=${cm}`);

		assert.match(ignored[0]!.reason, /has a layer pattern that expands to more than 1,024 layers/);
	});

	it('refuses custom models that break the schema rules', () => {
		const cases: Array<[string, RegExp]> = [
			[VALID_CM.replace('ap:3500000000', 'ap:40000000000'), /more active parameters/],
			[VALID_CM.replace('(RE)', '(FE)').replace('~at:32,2,128', ''), /no attention shape/],
			[VALID_CM.replace('lp:(RE)*2', 'lp:(SE)*2'), /no window \("sw"\)/],
			[VALID_CM.replace('~rec:mamba2,4,4096,128,8', ''), /no recurrent shape/],
			[VALID_CM.replace('moe:128,6,1', 'moe:6,128,1'), /more experts per token than experts/],
			[VALID_CM.replace('rec:mamba2', 'rec:lstm'), /recurrent kind "lstm"/],
			[VALID_CM.replace('at:32,2,128', 'at:32,2'), /needs 3 or 4 numbers/],
			[VALID_CM.replace('~tie:0', ''), /lacks the part "tie"/],
			[`${VALID_CM}~zz:1`, /unknown part "zz"/],
			[`${VALID_CM}~toString:1`, /unknown part "toString"/],
			[`${VALID_CM}~tp:1`, /repeats the part "tp"/],
			[VALID_CM.replace(/^1/, '2'), /format this page cannot read/],
		];

		for (const [cm, expected] of cases) {
			const { state, ignored } = decode(new URLSearchParams({ m: 'custom', cm }));
			assert.equal(state.customModel, undefined, cm);
			assert.match(ignored[0]!.reason, expected);
		}
	});

	it('removes invisible characters from names and says so', () => {
		const cm = `${VALID_CM}~n:Evil\u202E model\u0000`;
		const { state, ignored } = decode(new URLSearchParams({ m: 'custom', cm }));

		assert.equal(state.customModel?.name, 'Evil model');
		assert.equal(
			ignored[0]!.reason,
			'Custom model name "Evil\uFFFD model\uFFFD" had 2 control or invisible characters, which ' +
				'were removed.',
		);
	});

	it('shortens names over 60 characters', () => {
		const cm = `${VALID_CM}~n:${'x'.repeat(70)}`;
		const { state, ignored } = decode(new URLSearchParams({ m: 'custom', cm }));

		assert.equal(state.customModel?.name, 'x'.repeat(60));
		assert.match(ignored[0]!.reason, /is longer than 60 characters, so it was shortened\.$/);
	});

	it('reads a plus sign in a name as a space', () => {
		const { state } = decode('g=custom&cg=12,288,Arc+B580');

		assert.equal(state.customGpu?.name, 'Arc B580');
	});
});

describe('isValidState', () => {
	it('accepts the defaults', () => {
		assert.ok(isValidState(DEFAULTS, KNOWN));
	});

	it('refuses states a decode could not return', () => {
		const broken: Array<Partial<CalculatorState> & Record<string, unknown>> = [
			{ context: 255 },
			{ context: 8192.5 },
			{ ramGiB: -0 },
			{ ramGiB: Number.NaN },
			{ model: CUSTOM_ID },
			{ model: 'llama-9' },
			{ gpus: [] },
			{ gpus: [{ id: 'rtx-3090', count: 9 }] },
			{
				gpus: [
					{ id: 'rtx-3090', count: 1 },
					{ id: 'rtx-3090', count: 1 },
				],
			},
			{ gpus: [{ id: CUSTOM_ID, count: 1 }] },
			{ customGpu: { name: 'x', memoryGiB: 24, bandwidthGBps: 936 } },
			{ cacheTypeK: 'q2_k' as never },
			{ version: 2 as never },
		];

		for (const change of broken) {
			assert.equal(isValidState({ ...DEFAULTS, ...change }, KNOWN), false, JSON.stringify(change));
		}
		assert.equal(isValidState(null), false);
		assert.equal(isValidState('v=1'), false);
	});
});

describe('PERMALINK_KEYS', () => {
	it('documents every state field once, with a description', () => {
		const fields = PERMALINK_KEYS.map((entry) => entry.field).sort();
		const stateFields = Object.keys({
			...DEFAULTS,
			customGpu: undefined,
			customModel: undefined,
		}).sort();

		assert.deepEqual(fields, stateFields);
		assert.equal(new Set(PERMALINK_KEYS.map((entry) => entry.key)).size, PERMALINK_KEYS.length);
		for (const entry of PERMALINK_KEYS) assert.ok(entry.description.length > 10, entry.key);
	});

	it('lists keys in the order links are written', () => {
		fc.assert(
			fc.property(stateArb(false), (state) => {
				const keys = encodeState(state, DEFAULTS)
					.split('&')
					.map((pair) => pair.split('=')[0]!);
				const order = PERMALINK_KEYS.map((entry) => entry.key);
				const positions = keys.map((key) => order.indexOf(key));
				assert.deepEqual(
					positions,
					[...positions].sort((a, b) => a - b),
				);
			}),
		);
	});
});

describe('BASE_DEFAULTS', () => {
	it('holds the documented defaults', () => {
		assert.deepEqual(
			{
				context: BASE_DEFAULTS.context,
				k: BASE_DEFAULTS.cacheTypeK,
				v: BASE_DEFAULTS.cacheTypeV,
				parallel: BASE_DEFAULTS.parallel,
				flashAttention: BASE_DEFAULTS.flashAttention,
				runtime: BASE_DEFAULTS.runtime,
			},
			{
				context: 8192,
				k: 'f16',
				v: 'f16',
				parallel: 1,
				flashAttention: true,
				runtime: 'llama.cpp',
			},
		);
	});
});

describe('findNumberProblem', () => {
	it('says what is wrong in the words the decoder uses', () => {
		assert.equal(findNumberProblem(4096, LIMITS.customGpuMemoryGiB), 'is above the maximum of 2,048 GiB');
		assert.equal(findNumberProblem(0, LIMITS.vocab), 'is below the minimum of 1 token');
		assert.equal(findNumberProblem(1.5, LIMITS.layers), 'is not a whole number');
		assert.equal(findNumberProblem(24.005, LIMITS.customGpuMemoryGiB), 'has more than 2 decimal places');
		assert.equal(findNumberProblem(Number.NaN, LIMITS.width), 'is not a number');
		assert.equal(findNumberProblem('8', LIMITS.width), 'is not a number');
		assert.equal(findNumberProblem(-0, LIMITS.ramGiB), 'is -0, which a link cannot tell from 0');
		assert.equal(findNumberProblem(24.5, LIMITS.customGpuMemoryGiB), undefined);
	});
});

describe('findCustomModelProblem', () => {
	const model: CustomModel = {
		name: 'Test',
		totalParams: 8_000_000_000,
		activeParams: 8_000_000_000,
		layers: 32,
		layerPattern: '(F)*32',
		hiddenSize: 4096,
		attention: { heads: 32, kvHeads: 8, headDim: 128 },
		vocabSize: 128_256,
		tiedEmbeddings: false,
		maxContext: 131_072,
	};

	it('accepts a model inside every limit', () => {
		assert.equal(findCustomModelProblem(model), undefined);
		assert.equal(findCustomModelNumberProblem(model), undefined);
	});

	it('names a number outside its limit, the field and the limit', () => {
		const wide = { ...model, vocabSize: 20_000_000 };

		assert.equal(
			findCustomModelProblem(wide),
			'has vocabulary size 20,000,000, which is above the maximum of 16,777,216 tokens',
		);
		assert.deepEqual(findCustomModelNumberProblem(wide), {
			field: 'vocabSize',
			label: 'vocabulary size',
			value: 20_000_000,
			rule: LIMITS.vocab,
			problem: 'is above the maximum of 16,777,216 tokens',
		});
	});

	it('refuses a parameter count that a link would write in exponent form', () => {
		const huge = { ...model, totalParams: 9.67e24, activeParams: 9.67e24 };

		assert.equal(
			findCustomModelProblem(huge),
			'has total parameters 9,670,000,000,000,000,000,000,000, which is above the maximum of ' +
				'100,000,000,000,000 parameters',
		);
		assert.equal(isValidState({ ...DEFAULTS, model: CUSTOM_ID, customModel: huge }, KNOWN), false);
	});

	it('names a nested number by its part', () => {
		const heads = { ...model, attention: { heads: 5000, kvHeads: 8, headDim: 128 } };

		assert.equal(
			findCustomModelProblem(heads),
			'has attention heads 5,000, which is above the maximum of 4,096',
		);
		assert.equal(findCustomModelNumberProblem(heads)?.field, 'attention.heads');
	});
});

describe('applyCustomGpuEdit', () => {
	const full: CalculatorState = { ...DEFAULTS, gpus: [{ id: 'rtx-3090', count: 8 }] };

	it('keeps the device count at MAX_DEVICES when the list is full', () => {
		const applied = applyCustomGpuEdit(full, { memoryGiB: 32 });

		assert.deepEqual(applied, {
			ok: true,
			value: {
				gpus: [
					{ id: 'rtx-3090', count: 7 },
					{ id: CUSTOM_ID, count: 1 },
				],
				customGpu: { name: DEFAULT_CUSTOM_GPU_NAME, memoryGiB: 32, bandwidthGBps: 1000 },
			},
			notes: [],
		});
	});

	it('gives a state whose link reopens it unchanged', () => {
		const applied = applyCustomGpuEdit(full, { memoryGiB: 32 });
		assert.ok(applied.ok);
		const state = { ...full, ...applied.value };

		const query = encodeState(state, DEFAULTS);
		const { state: decoded, ignored } = decode(query);

		assert.equal(query, 'v=1&g=rtx-3090*7,custom&cg=32,1000');
		assert.deepEqual(ignored, []);
		assert.deepEqual(decoded, state);
	});

	it('drops an entry left with no device, and leaves a list with the custom GPU alone', () => {
		const state: CalculatorState = {
			...DEFAULTS,
			gpus: [
				{ id: 'rtx-3090', count: 7 },
				{ id: 'rtx-4090', count: 1 },
			],
		};

		const first = applyCustomGpuEdit(state, { bandwidthGBps: 936 });
		assert.ok(first.ok);
		const second = applyCustomGpuEdit({ ...state, ...first.value }, { memoryGiB: 48 });
		assert.ok(second.ok);

		const expected = [
			{ id: 'rtx-3090', count: 7 },
			{ id: CUSTOM_ID, count: 1 },
		];
		assert.deepEqual(first.value.gpus, expected);
		assert.deepEqual(second.value.gpus, expected);
		assert.deepEqual(second.value.customGpu, { name: 'Custom GPU', memoryGiB: 48, bandwidthGBps: 936 });
	});

	it('cleans a typed name the way the decoder reads cg, with a note', () => {
		const applied = applyCustomGpuEdit(DEFAULTS, { name: 'My  card\u200b' });

		assert.ok(applied.ok);
		assert.equal(applied.value.customGpu?.name, 'My card');
		assert.deepEqual(
			applied.notes?.map((note) => note.reason),
			['Custom GPU name "My  card\uFFFD" had 1 control or invisible character, which was removed.'],
		);
		const state = { ...DEFAULTS, ...applied.value };
		assert.deepEqual(decode(encodeState(state, DEFAULTS)), { state, ignored: [] });
	});

	it('keeps the current name when the typed one has < or >', () => {
		const named = applyCustomGpuEdit(DEFAULTS, { name: 'My card' });
		assert.ok(named.ok);

		const applied = applyCustomGpuEdit({ ...DEFAULTS, ...named.value }, { name: 'a<b' });

		assert.ok(applied.ok);
		assert.equal(applied.value.customGpu?.name, 'My card');
		assert.deepEqual(
			applied.notes?.map((note) => note.reason),
			['Custom GPU name "a<b" contains < or >, which names may not use, so the name "My card" is used.'],
		);
	});

	it('refuses memory or bandwidth outside the link limits', () => {
		assert.deepEqual(applyCustomGpuEdit(DEFAULTS, { memoryGiB: 4096 }), {
			ok: false,
			problem: 'has a memory size 4096, which is above the maximum of 2,048 GiB',
		});
		assert.deepEqual(applyCustomGpuEdit(DEFAULTS, { memoryGiB: 24.005 }), {
			ok: false,
			problem: 'has a memory size 24.005, which has more than 2 decimal places',
		});
		assert.deepEqual(applyCustomGpuEdit(DEFAULTS, { bandwidthGBps: 0 }), {
			ok: false,
			problem: 'has a bandwidth 0, which is below the minimum of 1 GB/s',
		});
	});

	it('always gives a state a link can carry', () => {
		let acceptedNumbers = 0;
		fc.assert(
			fc.property(
				stateArb(false),
				fc.record(
					{
						name: fc.string({ unit: 'binary', maxLength: 80 }),
						// At the precision the link keeps (and a little past its limits), so that most
						// edits are accepted and their numbers, not only their names, are checked.
						memoryGiB: fc.integer({ min: -100, max: 300_000 }).map((n) => n / 100),
						bandwidthGBps: fc.integer({ min: -10, max: 300_000 }).map((n) => n / 10),
					},
					{ requiredKeys: [] },
				),
				(state, edit) => {
					const applied = applyCustomGpuEdit(state, edit);
					if (!applied.ok) return;
					if (edit.memoryGiB !== undefined || edit.bandwidthGBps !== undefined) acceptedNumbers += 1;
					assert.ok(isValidState({ ...state, ...applied.value }, KNOWN));
				},
			),
			{ numRuns: FUZZ_RUNS },
		);
		assert.ok(acceptedNumbers > FUZZ_RUNS / 4, `only ${acceptedNumbers} edits with numbers were accepted`);
	});
});
