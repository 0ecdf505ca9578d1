import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toBuildSteps } from '../../../scripts/bench/build-time.ts';
import { DEFAULT_FACTOR } from '../../../scripts/bench/grow-catalog.ts';
import { readBenchOptions, UsageError } from '../../../scripts/bench/options.ts';
import {
	countVerdicts,
	formatKb,
	formatSummary,
	formatTarget,
	toNotMeasuredRow,
	type Row,
} from '../../../scripts/bench/report.ts';
import {
	CALCULATOR_BUDGET,
	classifyScripts,
	getGzipSize,
	judgeShippedJs,
	measurePagesWith,
} from '../../../scripts/bench/shipped-js.ts';
import { benchEngine, type BenchResult } from '../../../src/lib/engine/bench.ts';
import { calibrateFromCatalog, collectDecodePoints } from '../../../src/lib/engine/calibration.ts';
import type { ModelRecord } from '../../../src/lib/engine/model-arch.ts';

/** Llama 3.1 8B Instruct as a catalog record (values from its config.json). */
const llama = {
	id: 'llama-3-1-8b-instruct',
	name: 'Llama 3.1 8B Instruct',
	publisher: 'Meta',
	releaseDate: '2024-07-23',
	license: 'Llama 3.1 Community License',
	architectureName: 'LlamaForCausalLM',
	totalParams: 8_030_261_248,
	activeParams: 8_030_261_248,
	paramsSource: { id: 'card', collection: 'sources' },
	layers: 32,
	layerPattern: '(F)*32',
	hiddenSize: 4096,
	attention: { heads: 32, kvHeads: 8, headDim: 128 },
	vocabSize: 128256,
	tiedEmbeddings: false,
	maxContext: 131072,
	architectureSource: { id: 'cfg', collection: 'sources' },
	scores: [],
	huggingFace: 'https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct',
	ggufRepos: [],
	vllmCheckpoints: [],
	summary: 'Meta dense 8B instruction model.',
} satisfies ModelRecord;

const ref = (collection: string, id: string) => ({ id, collection });

/** The timing fields of a BenchResult, all in milliseconds. */
const TIMING_KEYS = ['estimateMs', 'maxContextMs', 'catalogMs', 'perEstimateMs'] as const satisfies
	readonly (keyof BenchResult)[];

const catalog = {
	models: [llama],
	gpus: [
		{ id: 'rtx-3090', shortName: 'RTX 3090', memoryGiB: 24, bandwidthGBps: 936, kind: 'consumer' as const },
		{ id: 'tiny', shortName: 'Tiny', memoryGiB: 2, bandwidthGBps: 100, kind: 'consumer' as const },
	],
	quants: [{ id: 'q4_k_m' }, { id: 'q8_0' }, { id: 'not-a-quant' }],
	modelFiles: [
		{
			id: 'llama-q4',
			model: ref('models', 'llama-3-1-8b-instruct'),
			quant: ref('quants', 'q4_k_m'),
			sizeBytes: 4_920_000_000,
			file: 'bartowski Q4_K_M',
			source: ref('sources', 's'),
		},
	],
	benchmarks: [
		{
			id: 'fits',
			model: ref('models', 'llama-3-1-8b-instruct'),
			quant: ref('quants', 'q4_k_m'),
			gpus: [ref('gpus', 'rtx-3090')],
			runtime: 'llama.cpp' as const,
			decodeTps: 100,
			date: '2026-01',
			source: ref('sources', 's'),
			evidence: 'measured' as const,
		},
		{
			id: 'does-not-fit',
			model: ref('models', 'llama-3-1-8b-instruct'),
			quant: ref('quants', 'q4_k_m'),
			gpus: [ref('gpus', 'tiny')],
			runtime: 'llama.cpp' as const,
			decodeTps: 5,
			date: '2026-01',
			source: ref('sources', 's'),
			evidence: 'measured' as const,
		},
	],
};

describe('benchEngine', () => {
	test('times one estimate, one solve and every model x quant x GPU, in milliseconds', () => {
		const result = benchEngine(catalog);

		assert.equal(result.catalogRuns, 1 * 2 * 2);
		// The figures themselves are timings and are not tested; what is promised is a finite
		// number for each (not NaN, not a bigint from hrtime) and the per-estimate division.
		for (const key of TIMING_KEYS) assert.ok(Number.isFinite(result[key]), `${key}: ${result[key]}`);
		assert.equal(result.perEstimateMs, result.catalogMs / result.catalogRuns);
	});

	test('returns zeros, not NaN, for a catalog with nothing to estimate', () => {
		const result = benchEngine({ ...catalog, quants: [{ id: 'not-a-quant' }] });

		assert.deepEqual(result, {
			estimateMs: 0,
			maxContextMs: 0,
			catalogMs: 0,
			catalogRuns: 0,
			perEstimateMs: 0,
		});
	});
});

describe('collectDecodePoints', () => {
	test('pairs benchmarks with the bound and leaves out runs that did not fit the GPU', () => {
		const points = collectDecodePoints(catalog);
		assert.deepEqual(points.map((point) => point.id), ['fits']);
		// 4.92 GB file, 4.6 GB of it read per token on a 936 GB/s card: about 200 tok/s bound.
		assert.ok(points[0]!.theoreticalTps > 150 && points[0]!.theoreticalTps < 250);
	});
});

describe('calibrateFromCatalog', () => {
	const spark = { id: 'spark', shortName: 'Spark', memoryGiB: 128, bandwidthGBps: 273, kind: 'unified' as const };
	const onSpark = (decodeTps: number) => ({ ...catalog.benchmarks[0]!, id: `spark-${decodeTps}`, gpus: [ref('gpus', 'spark')], decodeTps });
	const mixed = {
		...catalog,
		gpus: [...catalog.gpus, spark],
		benchmarks: [...catalog.benchmarks, onSpark(40), onSpark(42), onSpark(44)],
	};

	test('calibrates on the named device kinds when enough benchmarks match', () => {
		assert.equal(calibrateFromCatalog(mixed, { deviceKinds: ['unified'] }).points, 3);
	});

	test('falls back to every benchmark when too few match the kinds', () => {
		// One benchmark on a consumer card that fits: fewer than MIN_KIND_POINTS (3).
		assert.equal(calibrateFromCatalog(mixed, { deviceKinds: ['consumer'] }).points, 4);
		assert.equal(calibrateFromCatalog(mixed).points, 4);
	});
});

/** Astro's inline island runtime, shortened: what every page with an island inlines. */
const ISLAND_RUNTIME =
	'(function(){let e=async e=>{await(await e())()};(self.Astro||(self.Astro={})).load=e,' +
	"window.dispatchEvent(new Event('astro:load'))})();";

/** The inline theme script, shortened; its marker is the localStorage key it reads. */
const THEME_SCRIPT = "(()=>{const s=localStorage.getItem('headroom-theme');})();";

/** Text that gzip cannot shrink much, from a fixed seed, so sizes are the same on every run. */
function makeNoise(length: number, seed = 1): string {
	// xorshift32: cheap, and exact in 32-bit integers.
	let state = seed;
	let text = '';
	for (let index = 0; index < length; index++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		text += String.fromCharCode(33 + ((state >>> 0) % 90));
	}
	return text;
}

/** Noise whose gzip size is at least `bytes`, found by bisecting its length. */
function makeNoiseOfGzip(bytes: number): string {
	let low = 0;
	let high = bytes * 2;
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		if (getGzipSize(makeNoise(middle)) < bytes) low = middle + 1;
		else high = middle;
	}
	return makeNoise(low);
}

/** An HTML page with the given head and body content. */
function toHtml(head: string, body = ''): string {
	return `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
}

/** Measures one page of a build held in memory, keyed by build-relative path. */
function measureOne(label: string, url: string, files: Record<string, string>) {
	const file = `${url.replace(/^\//, '')}index.html`;
	const [result] = measurePagesWith([{ label, file, url }], (path) => files[path]);
	return result!;
}

describe('classifyScripts', () => {
	test('sorts scripts into files, the theme script, other inline scripts and islands', () => {
		const html = toHtml(
			`<script>${THEME_SCRIPT}</script><script type="application/ld+json">{"a":1}</script>`,
			`<script src="/_astro/a.js" type="module"></script><script>${ISLAND_RUNTIME}</script>` +
				'<script type="module">import "/_astro/b.js";</script>' +
				'<astro-island component-url="/_astro/Calc.X1.js" renderer-url="/_astro/client.Y.js" client="load">' +
				'</astro-island>',
		);

		assert.deepEqual(classifyScripts(html), {
			sources: ['/_astro/a.js'],
			theme: [THEME_SCRIPT],
			inline: [ISLAND_RUNTIME, 'import "/_astro/b.js";'],
			inlineImports: ['/_astro/b.js'],
			islands: [{ label: 'Calc (load)', references: ['/_astro/Calc.X1.js', '/_astro/client.Y.js'] }],
		});
	});
});

describe('measurePagesWith', () => {
	test('counts an inline script toward a page without islands, so its 0 KB check fails', () => {
		const inline = 'document.body.dataset.ready="1";';
		const result = measureOne('GPU page', '/gpus/a/', {
			'gpus/a/index.html': toHtml(`<script>${THEME_SCRIPT}</script>`, `<script>${inline}</script>`),
		});

		assert.equal(result.modulesGzip, 0);
		assert.equal(result.inlineGzip, getGzipSize(inline));
		assert.equal(result.shippedGzip, getGzipSize(inline));
		assert.deepEqual(judgeShippedJs(result), { target: '0 KB', verdict: 'OVER' });
	});

	test('leaves the theme script out of the 0 KB check; it has its own target', () => {
		const result = measureOne('GPU page', '/gpus/a/', {
			'gpus/a/index.html': toHtml(`<script>${THEME_SCRIPT}</script>`),
		});

		assert.equal(result.shippedGzip, 0);
		assert.equal(result.themeGzip, getGzipSize(THEME_SCRIPT));
		assert.deepEqual(judgeShippedJs(result), { target: '0 KB', verdict: 'OK' });
	});

	test("counts Astro's inline island runtime toward the calculator's budget", () => {
		// An island module just under the budget on its own; the inline runtime takes it over.
		const island = makeNoiseOfGzip(CALCULATOR_BUDGET - 200);
		const runtime = makeNoiseOfGzip(1000);
		const result = measureOne('calculator', '/calculator/', {
			'calculator/index.html': toHtml(
				`<script>${THEME_SCRIPT}</script>`,
				`<script>${runtime}</script>` +
					'<astro-island component-url="/_astro/Calculator.X.js" client="load"></astro-island>',
			),
			'_astro/Calculator.X.js': island,
		});

		assert.ok(result.modulesGzip <= CALCULATOR_BUDGET, String(result.modulesGzip));
		assert.equal(result.inlineGzip, getGzipSize(runtime));
		assert.equal(result.shippedGzip, result.modulesGzip + result.inlineGzip);
		assert.deepEqual(judgeShippedJs(result), { target: '<= 35 KB', verdict: 'OVER' });
	});

	test('follows static imports once and lists a missing file as unresolved', () => {
		const result = measureOne('calculator', '/calculator/', {
			'calculator/index.html': toHtml(
				'<script type="module" src="/_astro/a.js"></script><script src="/_astro/gone.js"></script>',
			),
			'_astro/a.js': 'import"./b.js";import"./b.js";',
			'_astro/b.js': 'export const b=1;',
		});

		assert.deepEqual(result.modules, ['/_astro/a.js', '/_astro/b.js']);
		assert.deepEqual(result.unresolved, ['/_astro/gone.js']);
		assert.deepEqual(judgeShippedJs(result), { target: '<= 35 KB', verdict: 'NOT MEASURED' });
	});
});

describe('report', () => {
	test('counts rows by verdict and leaves rows without one out of the summary', () => {
		const rows: Row[] = [
			{ name: 'a', value: '1', target: '<= 2', verdict: 'OK' },
			{ name: 'b', value: '3', target: '<= 2', verdict: 'OVER' },
			{ name: 'c', value: '4' },
			toNotMeasuredRow('d', '100', 'no Chromium'),
		];

		assert.equal(formatSummary(countVerdicts(rows)), 'Summary: 1 OK, 1 OVER, 1 NOT MEASURED');
	});

	test('prints a figure that was not measured as such, with its target', () => {
		const row = toNotMeasuredRow('home seo', '100', 'no Chromium');

		assert.equal(row.value, '-');
		assert.equal(formatTarget(row), '(target: 100) NOT MEASURED');
		assert.equal(formatTarget({ name: 'x', value: '-', verdict: 'NOT MEASURED' }), 'NOT MEASURED');
	});

	test('formats sizes in KB, and a few bytes as bytes so they never read as zero', () => {
		assert.equal(formatKb(0), '0.0 KB');
		assert.equal(formatKb(34), '34 B');
		assert.equal(formatKb(35 * 1024), '35.0 KB');
	});
});

describe('toBuildSteps', () => {
	test('runs the catalog as is and a grown one the same way, with this Node and no npm', () => {
		const asIs = toBuildSteps('dist');
		const grown = toBuildSteps('/tmp/out', '/tmp/out');

		assert.deepEqual(
			asIs.map((step) => [step.name, step.command, step.args[0]]),
			grown.map((step) => [step.name, step.command, step.args[0]]),
		);
		assert.ok(asIs.every((step) => step.command === process.execPath));
		assert.deepEqual(asIs[0]!.args.slice(1), ['build']);
		assert.deepEqual(grown[0]!.args.slice(1), ['build', '--outDir', '/tmp/out']);
		assert.deepEqual(asIs[1]!.args.slice(1), ['--site', 'dist']);
	});
});

describe('readBenchOptions', () => {
	test('times no build by default, and the project build alone with --build', () => {
		const plain = readBenchOptions([]);
		const build = readBenchOptions(['--build']);

		assert.deepEqual([plain.build, plain.grow], [false, undefined]);
		assert.deepEqual([build.build, build.grow], [true, undefined]);
	});

	test('reads --grow with or without a count, and builds the project too', () => {
		assert.equal(readBenchOptions(['--grow']).grow, DEFAULT_FACTOR);
		assert.equal(readBenchOptions(['--grow', '--runs', '1']).grow, DEFAULT_FACTOR);
		assert.equal(readBenchOptions(['--grow', '3', '--keep']).grow, 3);
		assert.equal(readBenchOptions(['--grow=4']).grow, 4);
		assert.equal(readBenchOptions(['--grow', '3']).build, true);
	});

	test('names the flag and the value it cannot use', () => {
		const cases: [string[], string][] = [
			[['--grow', '1'], '--grow expects a whole number of 2 or more, received "1"'],
			[['--grow', 'lots'], '--grow expects a whole number of 2 or more, received "lots"'],
			[['--runs', '0'], '--runs expects a whole number of 1 or more, received "0"'],
			[['--only', 'size,speed'], '--only takes size, lighthouse, engine; received speed'],
			[['--build', '--dist', 'out'], '--build writes dist/; drop --dist'],
			[['--grow', '--dist', 'out'], '--grow writes dist/; drop --dist'],
			[['--keep'], '--keep keeps the grown build; add --grow'],
			[['--factor', '3'], '--factor N is now --grow N'],
		];
		for (const [args, message] of cases) {
			assert.throws(() => readBenchOptions(args), (error: unknown) => {
				assert.ok(error instanceof UsageError);
				assert.equal(error.message, message);
				return true;
			});
		}
	});
});
