import { useMemo, useState } from 'preact/hooks';
import {
	deriveCalculatorResult,
	deriveQuantRowsFor,
	type CalculatorData,
	type QuantRow,
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
import { formatTokens } from '../lib/format.ts';
import { HardwareFields } from './calculator/HardwareFields.tsx';
import { ResultPanel } from './calculator/ResultPanel.tsx';
import { IgnoredNotice } from './shared/IgnoredNotice.tsx';
import { useAddressState } from './shared/useAddressState.ts';
import { NumberField } from './calculator/NumberField.tsx';
import { useQuantRows } from './calculator/useQuantRows.ts';

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
	/** The "which quant fits best?" rows of `initial`, computed at build time. */
	initialQuantRows: QuantRow[];
}

const CONTEXT_PRESETS = [2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576];

/** The VRAM calculator: inputs on the left, the engine's answer on the right, state in the URL. */
export default function Calculator({
	data,
	initial,
	defaults,
	syncUrl = false,
	idPrefix = 'calc',
	initialQuantRows,
}: Props) {
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
	});
	const answer = useMemo(() => deriveCalculatorResult(state, data, { quantRows: false }), [state, data]);
	const quantRows = useQuantRows(query, encodeState(initial, defaults), initialQuantRows, () =>
		deriveQuantRowsFor(state, data),
	);
	const result = answer && { ...answer, quantRows: quantRows.rows };
	const permalink = `/calculator/?${query}`;

	const update = (patch: Partial<CalculatorState>) => {
		setState((current) => ({ ...current, ...patch }));
		setCopied('');
	};
	const id = (name: string) => `${idPrefix}-${name}`;
	const model = data.models.find((m) => m.id === state.model);
	const quantIds = model ? Object.keys(model.files) : [];
	const otherQuants = data.quants.filter((q) => !quantIds.includes(q.id));

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
				<ResultPanel
					result={result}
					state={state}
					id={id}
					syncUrl={syncUrl}
					permalink={permalink}
					copied={copied}
					onQuant={(quant) => update({ quant })}
					onCopy={(text, what) => void copy(text, what)}
				/>
			) : (
				<p role="alert">This model is not in the catalog; pick another.</p>
			)}
		</div>
	);
}
