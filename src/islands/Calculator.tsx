import { useMemo, useState } from 'preact/hooks';
import {
	deriveCalculatorResult,
	type CalculatorData,
	type CalculatorResult,
} from '../lib/calculator.ts';
import {
	CACHE_TYPES,
	CUSTOM_ID,
	LIMITS,
	decodeState,
	encodeState,
	type CalculatorState,
	type CustomModel,
	type KnownIds,
} from '../lib/permalink.ts';
import { formatBand, formatFixed, formatGiB, formatTokens, formatTps } from '../lib/format.ts';
import { HardwareFields } from './calculator/HardwareFields.tsx';
import { MemoryBar } from './calculator/MemoryBar.tsx';
import { IgnoredNotice } from './shared/IgnoredNotice.tsx';
import { useAddressState } from './shared/useAddressState.ts';
import { NumberField } from './calculator/NumberField.tsx';

interface Props {
	data: CalculatorData;
	/** The state shown before any URL is read: the page default or a guide's preset. */
	initial: CalculatorState;
	/** The site's default state; permalinks leave out what equals it. */
	defaults: CalculatorState;
	/** Whether the state lives in this page's URL (the calculator page) or in a link (embeds). */
	syncUrl?: boolean;
	/** Distinguishes the ids of several calculators on one page. */
	idPrefix?: string;
}

const CONTEXT_PRESETS = [2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576];

/** Describes the verdict in one sentence, the way a reader would say it. */
function describeVerdict(result: CalculatorResult): string {
	const { verdict } = result;
	if (verdict.kind === 'fits') return `Fits, with ${formatGiB(verdict.spareBytes)} to spare.`;
	if (verdict.kind === 'offload') {
		const speed = formatBand(verdict.decodeTps.low, verdict.decodeTps.high, formatTps);
		return `Needs ${formatGiB(verdict.shortBytes)} more. Fits with ${verdict.cpuLayers} layers on the CPU, at about ${speed}.`;
	}
	return `Needs ${formatGiB(verdict.shortBytes)} more, and does not fit even with layers on the CPU.`;
}

/** The VRAM calculator: inputs on the left, the engine's answer on the right, state in the URL. */
export default function Calculator({ data, initial, defaults, syncUrl = false, idPrefix = 'calc' }: Props) {
	const [copied, setCopied] = useState('');
	const [customError, setCustomError] = useState('');
	const known = useMemo<KnownIds>(
		() => ({
			models: new Set(data.models.map((m) => m.id)),
			quants: new Set(data.quants.map((q) => q.id)),
			gpus: new Set(data.gpus.map((g) => g.id)),
		}),
		[data],
	);
	const { state, setState, ignored, query } = useAddressState({
		enabled: syncUrl,
		initial,
		read: (search) => decodeState(search, known, defaults),
		write: (current) => encodeState(current, defaults),
		mode: 'push',
	});
	const result = useMemo(() => deriveCalculatorResult(state, data), [state, data]);
	const permalink = `/calculator/?${query}`;

	const update = (patch: Partial<CalculatorState>) => {
		setState((current) => ({ ...current, ...patch }));
		setCopied('');
	};
	const id = (name: string) => `${idPrefix}-${name}`;
	const model = data.models.find((m) => m.id === state.model);
	const quantIds = model ? Object.keys(model.files) : [];
	const otherQuants = data.quants.filter((q) => !quantIds.includes(q.id));
	const gpu = state.gpus[0] ?? { id: data.gpus[0]!.id, count: 1 };

	const copy = async (text: string, what: string) => {
		try {
			await navigator.clipboard.writeText(text);
			setCopied(`${what} copied.`);
		} catch {
			setCopied(`Copying was refused by the browser; select the text and copy it instead.`);
		}
	};

	const onConfig = async (text: string) => {
		const { importConfigAsCustomModel } = await import('../lib/custom-model.ts');
		const imported = importConfigAsCustomModel(text);
		if (!imported.ok) {
			setCustomError(imported.error);
			return;
		}
		setCustomError('');
		update({ model: CUSTOM_ID, customModel: imported.model as CustomModel });
	};

	return (
		<div class="calculator">
			<IgnoredNotice ignored={ignored} />
			<form class="inputs" onSubmit={(e) => e.preventDefault()}>
				<fieldset>
					<legend>Model</legend>
					<label for={id('model')}>Model</label>
					<select
						id={id('model')}
						value={state.model}
						onChange={(e) => {
							const next = e.currentTarget.value;
							const files = data.models.find((m) => m.id === next)?.files ?? {};
							const quant = files[state.quant] ? state.quant : (Object.keys(files)[0] ?? state.quant);
							setState(({ customModel, ...current }) => ({
								...current,
								model: next,
								quant,
								...(next === CUSTOM_ID && customModel ? { customModel } : {}),
							}));
							setCopied('');
						}}
					>
						{data.models.map((m) => (
							<option value={m.id}>{m.name}</option>
						))}
						{state.customModel && <option value={CUSTOM_ID}>{state.customModel.name} (custom)</option>}
					</select>
					<label for={id('quant')}>Quantization</label>
					<select id={id('quant')} value={state.quant} onChange={(e) => update({ quant: e.currentTarget.value })}>
						{quantIds.length > 0 && (
							<optgroup label="Published files">
								{quantIds.map((q) => (
									<option value={q}>{data.quants.find((x) => x.id === q)?.name ?? q}</option>
								))}
							</optgroup>
						)}
						<optgroup label={quantIds.length > 0 ? 'Estimated sizes' : 'Quantizations'}>
							{otherQuants.map((q) => (
								<option value={q.id}>{q.name}</option>
							))}
						</optgroup>
					</select>
					<details class="custom-model">
						<summary>Use your own model (paste or upload a config.json)</summary>
						<label for={id('config')}>Hugging Face config.json</label>
						<textarea
							id={id('config')}
							rows={4}
							aria-describedby={customError ? id('config-error') : undefined}
							aria-invalid={customError ? 'true' : undefined}
							onChange={(e) => void onConfig(e.currentTarget.value)}
						/>
						<label for={id('config-file')}>or a file</label>
						<input
							id={id('config-file')}
							type="file"
							accept=".json,application/json"
							onChange={async (e) => {
								const file = e.currentTarget.files?.[0];
								if (file) await onConfig(await file.text());
							}}
						/>
						{customError && (
							<p id={id('config-error')} class="error" role="alert">
								{customError}
							</p>
						)}
					</details>
				</fieldset>

				<fieldset>
					<legend>Context and cache</legend>
					<NumberField id={id('context')} label="Context (tokens)" value={state.context} rule={LIMITS.context} step={256} list={id('context-presets')} onValue={(context) => update({ context })} />
					<datalist id={id('context-presets')}>
						{CONTEXT_PRESETS.map((c) => (
							<option value={c}>{formatTokens(c)}</option>
						))}
					</datalist>
					<label for={id('ctk')}>K cache type</label>
					<select id={id('ctk')} value={state.cacheTypeK} onChange={(e) => update({ cacheTypeK: e.currentTarget.value as CalculatorState['cacheTypeK'] })}>
						{CACHE_TYPES.map((t) => (
							<option value={t}>{t}</option>
						))}
					</select>
					<label for={id('ctv')}>V cache type</label>
					<select id={id('ctv')} value={state.cacheTypeV} onChange={(e) => update({ cacheTypeV: e.currentTarget.value as CalculatorState['cacheTypeV'] })}>
						{CACHE_TYPES.map((t) => (
							<option value={t}>{t}</option>
						))}
					</select>
					<NumberField id={id('parallel')} label="Parallel sequences" value={state.parallel} rule={LIMITS.parallel} onValue={(parallel) => update({ parallel })} />
					<label class="check">
						<input type="checkbox" checked={state.flashAttention} onChange={(e) => update({ flashAttention: e.currentTarget.checked })} />{' '}
						Flash attention
					</label>
				</fieldset>

				<HardwareFields state={state} data={data} id={id} onChange={update} />

				<fieldset>
					<legend>Extras</legend>
					<NumberField id={id('vp')} label="Vision projector (MiB, 0 = none)" value={state.visionProjectorMiB} rule={LIMITS.visionProjectorMiB} onValue={(visionProjectorMiB) => update({ visionProjectorMiB })} />
					<NumberField id={id('dm')} label="Draft model (MiB, 0 = none)" value={state.draftModelMiB} rule={LIMITS.draftModelMiB} onValue={(draftModelMiB) => update({ draftModelMiB })} />
					<NumberField id={id('pt')} label="Prompt length for time to first token" value={state.promptTokens} rule={LIMITS.promptTokens} step={256} onValue={(promptTokens) => update({ promptTokens })} />
				</fieldset>
			</form>

			{result ? (
				<section class="results" aria-labelledby={id('results-title')}>
					<h2 id={id('results-title')} class="sr-only">
						Result
					</h2>
					<p class={`verdict verdict-${result.verdict.kind === 'fits' ? 'fits' : result.verdict.kind === 'offload' ? 'offload' : 'no'}`} role="status" aria-live="polite" aria-atomic="true">
						{result.modelName} at {result.quantName}, {formatTokens(state.context)} context on{' '}
						{result.devices.length === 1 ? result.devices[0]!.name : `${result.devices.length} GPUs`}:{' '}
						<strong>{describeVerdict(result)}</strong>
					</p>
					<MemoryBar estimate={result.estimate} usableBytes={result.usableBytes} capacityBytes={result.capacityBytes} />
					<dl class="figures">
						<div>
							<dt>Longest context that fits</dt>
							<dd>
								{result.maxContext > 0 ? `${formatFixed(result.maxContext)} tokens` : 'none'}{' '}
								<span class="muted">(limited by {result.maxContextLimit})</span>
							</dd>
						</div>
						<div>
							<dt>Generation speed (estimate)</dt>
							<dd>
								{formatBand(result.speed.decodeTps.low, result.speed.decodeTps.high, formatTps)}{' '}
								<span class="muted">at {formatTokens(result.speed.depth)} tokens deep</span>
							</dd>
						</div>
						<div>
							<dt>Time to first token (rough)</dt>
							<dd>
								{formatFixed(result.speed.ttftSeconds.low, 1)}–{formatFixed(result.speed.ttftSeconds.high, 1)} s{' '}
								<span class="muted">for a {formatTokens(state.promptTokens)}-token prompt</span>
							</dd>
						</div>
						<div>
							<dt>Weights</dt>
							<dd>
								{formatGiB(result.estimate.weightsBytes.value)}{' '}
								<span class="muted">
									{result.estimate.weightsSource === 'published'
										? 'published file size'
										: `estimated, ${formatFixed(result.estimate.bitsPerWeight, 2)} bits per weight`}
									; {formatGiB(result.estimate.weightsHostBytes)} stays in system RAM
								</span>
							</dd>
						</div>
					</dl>
					{result.notes.length > 0 && (
						<ul class="warnings">
							{result.notes.map((note) => (
								<li>{note}</li>
							))}
						</ul>
					)}
					<h3>Measured on the same setup</h3>
					{result.sameSetup.length > 0 ? (
						<ul class="measured">
							{result.sameSetup.map((b) => (
								<li>
									<strong>{b.decodeTpsHigh ? formatBand(b.decodeTps, b.decodeTpsHigh, formatTps) : formatTps(b.decodeTps)}</strong>{' '}
									with {b.runtime}
									{b.contextDepth !== undefined ? ` at depth ${formatFixed(b.contextDepth)}` : ''}, {b.evidence.replace('-', ' ')},{' '}
									{b.sourceUrl ? <a href={b.sourceUrl}>{b.sourceTitle}</a> : b.sourceTitle} ({b.date})
								</li>
							))}
						</ul>
					) : (
						<p class="muted">
							No measurement of this model and quant on this hardware yet
							{result.otherSetups.length > 0 ? `; ${result.otherSetups.length} on other setups are on the model's page.` : '.'}
						</p>
					)}
					<h3>Which quant fits best?</h3>
					<div class="table-scroll" tabIndex={0}>
						<table>
							<thead>
								<tr>
									<th scope="col">Quant</th>
									<th scope="col" class="num">Weights</th>
									<th scope="col" class="num">Total at {formatTokens(state.context)}</th>
									<th scope="col">Fits</th>
									<th scope="col" class="num">Max context</th>
								</tr>
							</thead>
							<tbody>
								{result.quantRows.map((row) => (
									<tr aria-current={row.quant === state.quant ? 'true' : undefined}>
										<th scope="row">
											<button type="button" class="linklike" onClick={() => update({ quant: row.quant })}>
												{row.name}
											</button>
										</th>
										<td class="num">{formatGiB(row.weightsBytes)}</td>
										<td class="num">{formatGiB(row.totalBytes)}</td>
										<td>{row.fits ? 'yes' : 'no'}</td>
										<td class="num">{row.maxContext > 0 ? formatTokens(row.maxContext) : '—'}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					<h3>Run it</h3>
					<p class="muted">llama.cpp</p>
					<pre>
						<code>{result.llamaCpp}</code>
					</pre>
					<button type="button" class="secondary" onClick={() => void copy(result.llamaCpp, 'llama.cpp command')}>
						Copy llama.cpp command
					</button>
					<p class="muted">Ollama</p>
					{'command' in result.ollama ? (
						<>
							<pre>
								<code>{result.ollama.command}</code>
							</pre>
							<button type="button" class="secondary" onClick={() => 'command' in result.ollama && void copy(result.ollama.command, 'Ollama command')}>
								Copy Ollama command
							</button>
						</>
					) : (
						<p>{result.ollama.reason}</p>
					)}
					<div class="share">
						{syncUrl ? (
							<button type="button" onClick={() => void copy(new URL(permalink, location.href).href, 'Link')}>
								Copy link
							</button>
						) : (
							<a class="button" href={permalink}>
								Open this in the calculator
							</a>
						)}{' '}
						<a href={`/cost/?v=1${gpu.id === CUSTOM_ID ? '' : `&g=${encodeURIComponent(gpu.id)}`}&tps=${Math.round(result.speed.decodeTps.mid)}`}>
							Is owning this card cheaper than renting?
						</a>
						<span role="status" aria-live="polite" class="muted">
							{' '}
							{copied}
						</span>
					</div>
				</section>
			) : (
				<p role="alert">This model is not in the catalog; pick another.</p>
			)}
		</div>
	);
}
