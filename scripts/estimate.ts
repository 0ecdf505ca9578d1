/**
 * Estimates the memory a model needs, from the command line.
 *
 *   node scripts/estimate.ts --model <catalog id | path to config.json> --quant <Q4_K_M...>
 *     --ctx <tokens> [--kv-type <type>] [--parallel <n>] [--gpu <id>[,<id>...]] [--json]
 *
 * Human-readable output by default; --json prints one JSON object (its fields are listed in HELP).
 * Bad arguments print one line on stderr and exit with code 2; a catalog that cannot be read
 * exits with code 1.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getContentDir } from '../src/lib/catalog/content-dir.ts';
import type { Catalog } from '../src/lib/catalog/load.ts';
import {
	CACHE_TYPES,
	calibrateFromCatalog,
	DEFAULT_DECODE_EFFICIENCY,
	estimate,
	estimateSpeed,
	findCpuLayersToFit,
	importHfConfig,
	isKnownQuant,
	MAX_CONFIG_BYTES,
	MAX_CONTEXT_TOKENS,
	MAX_SEQUENCES,
	solveMaxContext,
	toDevice,
	toModelArch,
	type Band,
	type CacheType,
	type Device,
	type EfficiencyBand,
	type EstimateInput,
	type ModelArch,
	type SpeedBand,
} from '../src/lib/engine/index.ts';

/** A problem with the arguments: one line, exit code 2. */
class UsageError extends Error {}

const USAGE =
	'usage: node scripts/estimate.ts --model <catalog id | config.json> --quant <name> --ctx <tokens> [--kv-type <type>] [--parallel <n>] [--gpu <id>[,<id>...]] [--json]';

/** What --help prints: the usage, each flag, and the JSON fields. */
const HELP = `${USAGE}

  --model     a catalog model id, or the path of a Hugging Face config.json
  --quant     a quant as llama.cpp writes it: Q4_K_M, IQ4_XS, Q8_0, MXFP4, BF16...
  --ctx       context (-c) in tokens, 1 to ${MAX_CONTEXT_TOKENS}, shared by the sequences
  --kv-type   KV cache type: ${CACHE_TYPES.join(', ')} (default f16)
  --parallel  sequences (-np), 1 to ${MAX_SEQUENCES} (llama.cpp's limit; default 1)
  --gpu       catalog GPU ids, separated by commas; without it everything runs on the CPU
  --json      print one JSON object instead of the summary

JSON fields, in bytes unless said otherwise:
  weightsBytes, kvCacheBytes, recurrentStateBytes
                      the whole model's, on the GPUs and in system RAM together
  computeBufferBytes  compute buffers of the GPUs and of the CPU backend (estimate)
  overheadBytes       driver and context overhead of the GPUs (0 without --gpu)
  gpuBytes            everything placed on the GPUs (0 without --gpu)
  hostBytes           everything kept in system RAM
  totalBytes          the whole footprint: gpuBytes + hostBytes
  bands               low and high ends of the estimated figures
With --gpu, also:
  fits, headroomBytes, maxContext (tokens)
  decodeTokensPerSecond, decodeTokensPerSecondBand
                      tokens per second as set; null when it does not fit, and then
  decodeTokensPerSecondReason
                      why there is no speed, and
  offload             { cpuLayers, decodeTokensPerSecond, decodeTokensPerSecondBand }: the fewest
                      layers to keep on the CPU for it to fit, and the speed then; null when
                      nothing fits`;

const GIB = 2 ** 30;

/** Why the speed is left out when the configuration does not fit as set. */
const NO_FIT_REASON = 'It does not fit on the GPUs as set, so it would not run.';

/**
 * Quant names as llama.cpp and publishers write them, to catalog quant ids. Matching ignores
 * case; MXFP4_MOE is llama.cpp's name for the MXFP4 file type.
 */
function toQuantId(name: string): string {
	const id = name.trim().toLowerCase().replace(/-/g, '_');
	if (id === 'mxfp4_moe') return 'mxfp4';
	return id;
}

/** A value quoted for a one-line message (escapes newlines, cuts long values). */
function quote(value: string): string {
	return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
}

/** Parses a whole-number argument from 1 to `max`; `limit` says where the maximum comes from. */
function readCount(
	value: string | undefined,
	flag: string,
	max: number,
	limit: string,
): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
		throw new UsageError(`${flag} expects a whole number from 1 to ${max} (${limit}), received ${quote(value)}`);
	}
	return Number(value);
}

/** The GPU ids of --gpu; an empty entry (",", "a,,b", "") is a mistake, not "no GPU". */
function readGpuIds(value: string | undefined): string[] {
	if (value === undefined) return [];
	const ids = value.split(',').map((id) => id.trim());
	if (ids.some((id) => id === '')) {
		throw new UsageError(`--gpu expects catalog GPU ids separated by commas, received ${quote(value)}`);
	}
	return ids;
}

/** Whether --model names a config.json rather than a catalog id. */
function isConfigPath(model: string): boolean {
	return model.endsWith('.json') || model.includes('/');
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

/** Reads and checks the command line; returns undefined when --help was asked for. */
function readOptions(argv: string[]): Options | undefined {
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
	if (values.help) return undefined;
	if (!values.model) throw new UsageError('--model is required (a catalog model id or a path to config.json)');
	if (!values.quant) throw new UsageError('--quant is required (e.g. Q4_K_M, IQ4_XS, MXFP4, BF16)');
	if (!values.ctx) throw new UsageError('--ctx is required (context length in tokens)');
	const quant = toQuantId(values.quant);
	if (!isKnownQuant(quant)) {
		throw new UsageError(`--quant ${quote(values.quant)} is not a quant the engine knows (e.g. Q4_K_M, IQ4_XS, Q8_0, MXFP4, NVFP4, BF16)`);
	}
	const kvType = (values['kv-type'] ?? 'f16').toLowerCase();
	if (!(CACHE_TYPES as readonly string[]).includes(kvType)) {
		throw new UsageError(`--kv-type ${quote(values['kv-type'] ?? '')} is not one of ${CACHE_TYPES.join(', ')}`);
	}
	return {
		model: values.model,
		quant,
		context: readCount(values.ctx, '--ctx', MAX_CONTEXT_TOKENS, "the largest -c llama.cpp accepts")!,
		kvType: kvType as CacheType,
		parallel: readCount(values.parallel, '--parallel', MAX_SEQUENCES, "llama.cpp's limit on sequences") ?? 1,
		gpus: readGpuIds(values.gpu),
		json: values.json ?? false,
	};
}

/**
 * Loads the catalog. The loader is imported only here, when a command needs the catalog: it
 * pulls in zod, which costs more start-up time than the estimate itself.
 */
async function loadCatalogOnce(): Promise<Catalog> {
	const { loadCatalog } = await import('../src/lib/catalog/load.ts');
	return loadCatalog(getContentDir());
}

/** The text of a config.json path, or a usage error that says what is wrong with the path. */
function readConfigFile(path: string): string {
	let stats;
	try {
		stats = statSync(path);
	} catch {
		throw new UsageError(`--model: no file at ${quote(path)}`);
	}
	if (stats.isDirectory()) {
		throw new UsageError(`--model: ${quote(path)} is a directory; give the path of its config.json`);
	}
	if (!stats.isFile()) throw new UsageError(`--model: ${quote(path)} is not a regular file`);
	if (stats.size > MAX_CONFIG_BYTES) {
		throw new UsageError(`--model: ${quote(path)} is ${stats.size} bytes; a config.json is at most ${MAX_CONFIG_BYTES}`);
	}
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new UsageError(`--model: could not read ${quote(path)}: ${reason}`);
	}
}

/** The model: from a config.json path, or a catalog id. */
function resolveModel(
	options: Options,
	catalog: Catalog | undefined,
): { arch: ModelArch; publishedBytes?: number; file?: string; warnings: string[] } {
	if (isConfigPath(options.model)) {
		const result = importHfConfig(readConfigFile(options.model));
		if (!result.ok) throw new UsageError(`--model: ${result.error}`);
		return { arch: result.arch, warnings: result.warnings };
	}
	if (!catalog) throw new Error('a catalog model id was given but the catalog was not loaded');
	const record = catalog.models.find((model) => model.id === options.model);
	if (!record) throw new UsageError(`--model ${quote(options.model)} is not a catalog model id or a config.json path`);
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
function resolveGpus(options: Options, catalog: Catalog | undefined): Device[] {
	if (options.gpus.length === 0) return [];
	if (!catalog) throw new Error('GPUs were given but the catalog was not loaded');
	return options.gpus.map((id) => {
		const gpu = catalog.gpus.find((item) => item.id === id);
		if (!gpu) throw new UsageError(`--gpu ${quote(id)} is not a catalog GPU id`);
		return toDevice(gpu);
	});
}

/** Bytes as GiB with two decimals. */
function gib(bytes: number): string {
	return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** Adds bands. */
function addBands(a: Band, b: Band): Band {
	return { value: a.value + b.value, low: a.low + b.low, high: a.high + b.high };
}

/** A band of bytes as whole numbers, without its central value. */
function toRange(band: Band): { low: number; high: number } {
	return { low: Math.round(band.low), high: Math.round(band.high) };
}

/** A speed band to one decimal, without its central value. */
function toSpeedRange(band: SpeedBand): { low: number; high: number } {
	return { low: Number(band.low.toFixed(1)), high: Number(band.high.toFixed(1)) };
}

/** A speed band as "about N tok/s (L to H, bandwidth model)". */
function describeSpeed(band: SpeedBand): string {
	return `about ${band.mid.toFixed(0)} tok/s (${band.low.toFixed(0)} to ${band.high.toFixed(0)}, bandwidth model)`;
}

/** Runs the command; returns the exit code. */
async function run(argv: string[]): Promise<number> {
	let options: Options | undefined;
	try {
		options = readOptions(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`${error.message}\n`);
		return 2;
	}
	if (!options) {
		process.stdout.write(`${HELP}\n`);
		return 0;
	}

	// A config.json path alone needs no catalog; a catalog id or a GPU does.
	let catalog: Catalog | undefined;
	if (!isConfigPath(options.model) || options.gpus.length > 0) {
		try {
			catalog = await loadCatalogOnce();
		} catch (error) {
			const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
			process.stderr.write(`could not read the catalog: ${reason}\n`);
			return 1;
		}
	}
	let model: ReturnType<typeof resolveModel>;
	let devices: Device[];
	try {
		model = resolveModel(options, catalog);
		devices = resolveGpus(options, catalog);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(`${error.message}\n`);
		return 2;
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
	const computeBuffer = addBands(result.computeBufferBytes, result.hostComputeBufferBytes);
	const total = addBands(result.totalBytes, result.hostTotalBytes);
	const warnings = [...model.warnings, ...result.warnings];

	let efficiency: EfficiencyBand = DEFAULT_DECODE_EFFICIENCY;
	if (catalog && devices.length > 0) {
		try {
			efficiency = calibrateFromCatalog(catalog, { deviceKinds: devices.map((device) => device.kind) });
		} catch {
			// Too few measurements to calibrate on: the default band stands.
			efficiency = DEFAULT_DECODE_EFFICIENCY;
		}
	}
	const hasGpu = devices.length > 0;
	const maxContext = hasGpu ? solveMaxContext(input) : undefined;
	// A speed is only shown for a configuration that runs: as set when it fits, else with the
	// fewest layers on the CPU that make it fit.
	const speed = hasGpu && result.fits ? estimateSpeed({ ...input, efficiency }).decodeTps : undefined;
	const offloadLayers = hasGpu && !result.fits ? findCpuLayersToFit(input) : undefined;
	const offloadSpeed =
		offloadLayers !== undefined
			? estimateSpeed({ ...input, cpuLayers: offloadLayers, efficiency }).decodeTps
			: undefined;

	if (options.json) {
		const offload =
			offloadLayers !== undefined && offloadSpeed
				? {
						cpuLayers: offloadLayers,
						decodeTokensPerSecond: Number(offloadSpeed.mid.toFixed(1)),
						decodeTokensPerSecondBand: toSpeedRange(offloadSpeed),
					}
				: null;
		const output = {
			model: model.arch.id,
			quant: options.quant,
			context: options.context,
			weightsSource: result.weightsSource,
			weightsBytes: Math.round(result.weightsBytes.value),
			kvCacheBytes: Math.round(result.kvCacheBytes),
			recurrentStateBytes: Math.round(result.recurrentStateBytes),
			computeBufferBytes: Math.round(computeBuffer.value),
			overheadBytes: Math.round(result.overheadBytes),
			gpuBytes: Math.round(result.totalBytes.value),
			hostBytes: Math.round(result.hostBytes),
			totalBytes: Math.round(total.value),
			bands: {
				weightsBytes: toRange(result.weightsBytes),
				computeBufferBytes: toRange(computeBuffer),
				gpuBytes: toRange(result.totalBytes),
				totalBytes: toRange(total),
			},
			...(hasGpu
				? {
						fits: result.fits,
						headroomBytes: Math.round(result.headroomBytes),
						maxContext,
						decodeTokensPerSecond: speed ? Number(speed.mid.toFixed(1)) : null,
						decodeTokensPerSecondBand: speed ? toSpeedRange(speed) : null,
						...(speed ? {} : { decodeTokensPerSecondReason: NO_FIT_REASON, offload }),
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
		`  compute buffers  ${gib(computeBuffer.value)} (estimate, ${gib(computeBuffer.low)} to ${gib(computeBuffer.high)})`,
		`  overhead         ${gib(result.overheadBytes)}`,
		`  GPU total        ${gib(result.totalBytes.value)} (${gib(result.totalBytes.low)} to ${gib(result.totalBytes.high)})`,
		`  system RAM       ${gib(result.hostBytes)}`,
		`  total            ${gib(total.value)} (GPUs and system RAM)`,
	];
	for (const device of result.devices) {
		lines.push(
			`  ${device.name}: ${gib(device.totalBytes.value)} of ${gib(device.usableBytes)}, ${device.fits ? 'fits' : 'does not fit'} (headroom ${gib(device.headroomBytes)})`,
		);
	}
	if (maxContext !== undefined) lines.push(`  longest context that fits: ${maxContext} tokens`);
	if (speed) lines.push(`  decode: ${describeSpeed(speed)}`);
	if (hasGpu && !speed) {
		lines.push(`  decode: not estimated. ${NO_FIT_REASON}`);
		lines.push(
			offloadLayers !== undefined && offloadSpeed
				? `  with ${offloadLayers} of ${model.arch.layers} layers on the CPU it fits: decode ${describeSpeed(offloadSpeed)}`
				: '  it does not fit even with layers moved to the CPU',
		);
	}
	for (const warning of warnings) lines.push(`  note: ${warning}`);
	process.stdout.write(`${lines.join('\n')}\n`);
	return 0;
}

process.exitCode = await run(process.argv.slice(2));
