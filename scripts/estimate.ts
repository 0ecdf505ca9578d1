/**
 * Estimates the memory a model needs, from the command line.
 *
 *   node scripts/estimate.ts --model <catalog id | path to config.json> --quant <Q4_K_M...>
 *     --ctx <tokens> [--kv-type <type>] [--parallel <n>] [--gpu <id>[,<id>...]] [--json]
 *
 * Human-readable output by default; --json prints one JSON object. Bad arguments print one line
 * on stderr and exit with code 2; a catalog that cannot be read exits with code 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getContentDir } from '../src/lib/catalog/content-dir.ts';
import type { Catalog } from '../src/lib/catalog/load.ts';
import {
	CACHE_TYPES,
	calibrateFromCatalog,
	DEFAULT_DECODE_EFFICIENCY,
	estimate,
	estimateSpeed,
	importHfConfig,
	isKnownQuant,
	solveMaxContext,
	toDevice,
	toModelArch,
	type CacheType,
	type Device,
	type EfficiencyBand,
	type EstimateInput,
	type ModelArch,
} from '../src/lib/engine/index.ts';

/** A problem with the arguments: one line, exit code 2. */
class UsageError extends Error {}

const USAGE =
	'usage: node scripts/estimate.ts --model <catalog id | config.json> --quant <name> --ctx <tokens> [--kv-type <type>] [--parallel <n>] [--gpu <id>[,<id>...]] [--json]';

const GIB = 2 ** 30;

/**
 * Quant names as llama.cpp and publishers write them, to catalog quant ids. Matching ignores
 * case; MXFP4_MOE is llama.cpp's name for the MXFP4 file type.
 */
function toQuantId(name: string): string {
	const id = name.trim().toLowerCase().replace(/-/g, '_');
	if (id === 'mxfp4_moe') return 'mxfp4';
	return id;
}

/** Parses a positive integer argument. */
function readPositiveInt(value: string | undefined, flag: string): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value) || Number(value) <= 0) {
		throw new UsageError(`${flag} expects a positive whole number, received "${value}"`);
	}
	return Number(value);
}

/** The parsed command line. */
interface Options {
	model: string;
	quant: string;
	context: number;
	kvType: CacheType;
	parallel: number;
	gpus: string[];
	json: boolean;
}

/** Reads and checks the command line. */
function readOptions(argv: string[]): Options {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			options: {
				model: { type: 'string' },
				quant: { type: 'string' },
				ctx: { type: 'string' },
				'kv-type': { type: 'string' },
				parallel: { type: 'string' },
				gpu: { type: 'string' },
				json: { type: 'boolean' },
				help: { type: 'boolean' },
			},
			strict: true,
			allowPositionals: false,
		});
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
	}
	const { values } = parsed;
	if (values.help) throw new UsageError(USAGE);
	if (!values.model) throw new UsageError('--model is required (a catalog model id or a path to config.json)');
	if (!values.quant) throw new UsageError('--quant is required (e.g. Q4_K_M, IQ4_XS, MXFP4, BF16)');
	if (!values.ctx) throw new UsageError('--ctx is required (context length in tokens)');
	const quant = toQuantId(values.quant);
	if (!isKnownQuant(quant)) {
		throw new UsageError(`--quant "${values.quant}" is not a quant the engine knows (e.g. Q4_K_M, IQ4_XS, Q8_0, MXFP4, NVFP4, BF16)`);
	}
	const kvType = (values['kv-type'] ?? 'f16').toLowerCase();
	if (!(CACHE_TYPES as readonly string[]).includes(kvType)) {
		throw new UsageError(`--kv-type "${values['kv-type']}" is not one of ${CACHE_TYPES.join(', ')}`);
	}
	return {
		model: values.model,
		quant,
		context: readPositiveInt(values.ctx, '--ctx')!,
		kvType: kvType as CacheType,
		parallel: readPositiveInt(values.parallel, '--parallel') ?? 1,
		gpus: values.gpu ? values.gpu.split(',').map((id) => id.trim()).filter(Boolean) : [],
		json: values.json ?? false,
	};
}

/**
 * The catalog loader, imported only when a command needs the catalog: it pulls in zod, which
 * costs more start-up time than the estimate itself.
 */
const { loadCatalog } = needsCatalog(process.argv.slice(2))
	? await import('../src/lib/catalog/load.ts')
	: { loadCatalog: undefined };

/** Whether the arguments name a catalog model or GPUs (a config.json path alone needs no catalog). */
function needsCatalog(argv: string[]): boolean {
	const modelIndex = argv.indexOf('--model');
	const model = modelIndex >= 0 ? argv[modelIndex + 1] : undefined;
	const modelIsPath = model !== undefined && (model.endsWith('.json') || model.includes('/'));
	return argv.includes('--gpu') || !modelIsPath;
}

/** Loads the catalog once, on first need. */
function makeCatalogLoader(): () => Catalog {
	let catalog: Catalog | undefined;
	return () => {
		if (!loadCatalog) throw new Error('the catalog loader was not imported');
		catalog ??= loadCatalog(getContentDir());
		return catalog;
	};
}

/** The model: from a config.json path, or a catalog id. */
function resolveModel(
	options: Options,
	getCatalog: () => Catalog,
): { arch: ModelArch; publishedBytes?: number; file?: string; warnings: string[] } {
	const looksLikePath = options.model.endsWith('.json') || options.model.includes('/');
	if (looksLikePath) {
		if (!existsSync(options.model)) throw new UsageError(`--model: no file at "${options.model}"`);
		const result = importHfConfig(readFileSync(options.model, 'utf8'));
		if (!result.ok) throw new UsageError(`--model: ${result.error}`);
		return { arch: result.arch, warnings: result.warnings };
	}
	const catalog = getCatalog();
	const record = catalog.models.find((model) => model.id === options.model);
	if (!record) throw new UsageError(`--model "${options.model}" is not a catalog model id or a config.json path`);
	const files = catalog.modelFiles.filter(
		(file) => file.model.id === record.id && file.quant.id === options.quant,
	);
	const file = files.find((item) => !('variant' in item) || !item.variant) ?? files[0];
	return {
		arch: toModelArch(record),
		...(file ? { publishedBytes: file.sizeBytes, file: file.file } : {}),
		warnings: [],
	};
}

/** The GPUs named by --gpu. */
function resolveGpus(options: Options, getCatalog: () => Catalog): Device[] {
	if (options.gpus.length === 0) return [];
	const catalog = getCatalog();
	return options.gpus.map((id) => {
		const gpu = catalog.gpus.find((item) => item.id === id);
		if (!gpu) throw new UsageError(`--gpu "${id}" is not a catalog GPU id`);
		return toDevice(gpu);
	});
}

/** Bytes as GiB with two decimals. */
function gib(bytes: number): string {
	return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** Runs the command; returns the exit code. */
function run(argv: string[]): number {
	let options: Options;
	let model: ReturnType<typeof resolveModel>;
	let devices: Device[];
	const getCatalog = makeCatalogLoader();
	try {
		options = readOptions(argv);
		model = resolveModel(options, getCatalog);
		devices = resolveGpus(options, getCatalog);
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`${error.message}\n`);
			return 2;
		}
		process.stderr.write(`could not read the catalog: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
		return 1;
	}

	const input: EstimateInput = {
		model: model.arch,
		quant: options.quant,
		context: options.context,
		parallel: options.parallel,
		cacheTypeK: options.kvType,
		cacheTypeV: options.kvType,
		devices,
		...(model.publishedBytes !== undefined ? { publishedWeightsBytes: model.publishedBytes } : {}),
	};
	const result = estimate(input);
	let efficiency: EfficiencyBand = DEFAULT_DECODE_EFFICIENCY;
	if (devices.length > 0) {
		try {
			efficiency = calibrateFromCatalog(getCatalog(), { deviceKinds: devices.map((device) => device.kind) });
		} catch {
			efficiency = DEFAULT_DECODE_EFFICIENCY;
		}
	}
	const maxContext = devices.length > 0 ? solveMaxContext(input) : undefined;
	const speed = devices.length > 0 ? estimateSpeed({ ...input, efficiency }) : undefined;
	const warnings = [...model.warnings, ...result.warnings];

	if (options.json) {
		const output = {
			model: model.arch.id,
			quant: options.quant,
			context: options.context,
			weightsSource: result.weightsSource,
			weightsBytes: Math.round(result.weightsBytes.value),
			kvCacheBytes: Math.round(result.kvCacheBytes),
			recurrentStateBytes: Math.round(result.recurrentStateBytes),
			computeBufferBytes: Math.round(result.computeBufferBytes.value),
			overheadBytes: Math.round(result.overheadBytes),
			totalBytes: Math.round(result.totalBytes.value),
			hostBytes: Math.round(result.hostBytes),
			bands: {
				weightsBytes: { low: Math.round(result.weightsBytes.low), high: Math.round(result.weightsBytes.high) },
				computeBufferBytes: {
					low: Math.round(result.computeBufferBytes.low),
					high: Math.round(result.computeBufferBytes.high),
				},
				totalBytes: { low: Math.round(result.totalBytes.low), high: Math.round(result.totalBytes.high) },
			},
			...(speed && maxContext !== undefined
				? {
						fits: result.fits,
						headroomBytes: Math.round(result.headroomBytes),
						maxContext,
						decodeTokensPerSecond: Number(speed.decodeTps.mid.toFixed(1)),
						decodeTokensPerSecondBand: {
							low: Number(speed.decodeTps.low.toFixed(1)),
							high: Number(speed.decodeTps.high.toFixed(1)),
						},
					}
				: {}),
			warnings,
		};
		process.stdout.write(`${JSON.stringify(output)}\n`);
		return 0;
	}

	const lines = [
		`${model.arch.name}, ${options.quant.toUpperCase()}, context ${options.context} tokens${options.parallel > 1 ? `, ${options.parallel} sequences` : ''}`,
		`  weights          ${gib(result.weightsBytes.value)} (${result.weightsSource}${model.file ? `: ${model.file}` : ''}, ${result.bitsPerWeight.toFixed(2)} bits per weight)`,
		`  KV cache         ${gib(result.kvCacheBytes)} (${options.kvType})`,
		`  recurrent state  ${gib(result.recurrentStateBytes)}`,
		`  compute buffers  ${gib(result.computeBufferBytes.value)} (estimate, ${gib(result.computeBufferBytes.low)} to ${gib(result.computeBufferBytes.high)})`,
		`  overhead         ${gib(result.overheadBytes)}`,
		`  GPU total        ${gib(result.totalBytes.value)} (${gib(result.totalBytes.low)} to ${gib(result.totalBytes.high)})`,
		`  system RAM       ${gib(result.hostBytes)}`,
	];
	for (const device of result.devices) {
		lines.push(
			`  ${device.name}: ${gib(device.totalBytes.value)} of ${gib(device.usableBytes)}, ${device.fits ? 'fits' : 'does not fit'} (headroom ${gib(device.headroomBytes)})`,
		);
	}
	if (maxContext !== undefined) lines.push(`  longest context that fits: ${maxContext} tokens`);
	if (speed) {
		lines.push(
			`  decode: about ${speed.decodeTps.mid.toFixed(0)} tok/s (${speed.decodeTps.low.toFixed(0)} to ${speed.decodeTps.high.toFixed(0)}, bandwidth model)`,
		);
	}
	for (const warning of warnings) lines.push(`  note: ${warning}`);
	process.stdout.write(`${lines.join('\n')}\n`);
	return 0;
}

process.exitCode = run(process.argv.slice(2));
