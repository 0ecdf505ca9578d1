import { useState } from 'preact/hooks';
import { applyGpuPick, type CalculatorData } from '../../lib/calculator.ts';
import {
	CUSTOM_ID,
	DEFAULT_CUSTOM_GPU,
	LIMITS,
	MAX_DEVICES,
	RUNTIMES,
	applyCustomGpuEdit,
	type CalculatorState,
	type CustomGpuEdit,
	type GpuSelection,
} from '../../lib/permalink.ts';
import { NumberField } from './NumberField.tsx';

interface Props {
	state: CalculatorState;
	data: CalculatorData;
	/** Builds a unique element id from a short name. */
	id: (name: string) => string;
	onChange: (patch: Partial<CalculatorState>) => void;
}

const RUNTIME_LABELS: Record<CalculatorState['runtime'], string> = {
	'llama.cpp': 'llama.cpp',
	ollama: 'Ollama',
	vllm: 'vLLM',
	mlx: 'MLX',
};

/** The GPUs (several, or one of the reader's own), runtime, system RAM and CPU offload. */
export function HardwareFields({ state, data, id, onChange }: Props) {
	const [customOpen, setCustomOpen] = useState(state.customGpu !== undefined);
	const [nameNotes, setNameNotes] = useState<string[]>([]);
	const total = state.gpus.reduce((sum, gpu) => sum + gpu.count, 0);
	const setGpus = (gpus: GpuSelection[]) => {
		const usesCustom = gpus.some((gpu) => gpu.id === CUSTOM_ID);
		const { customGpu: _, ...rest } = state;
		onChange(usesCustom && state.customGpu ? { ...rest, gpus, customGpu: state.customGpu } : { ...rest, gpus });
	};
	const custom = state.customGpu ?? DEFAULT_CUSTOM_GPU;
	// The rules (device count, limits, name cleaning) live in applyCustomGpuEdit, shared with links.
	const setCustom = (edit: CustomGpuEdit) => {
		const applied = applyCustomGpuEdit(state, edit);
		if (!applied.ok) return;
		if (edit.name !== undefined) setNameNotes((applied.notes ?? []).map((note) => note.reason));
		onChange(applied.value);
	};
	// A card in another row is changed through that row's count; picking it here would merge rows.
	const inOtherRow = (gpuId: string, index: number) =>
		state.gpus.some((g, i) => i !== index && g.id === gpuId);
	const name = (gpuId: string) =>
		gpuId === CUSTOM_ID ? `${custom.name} (yours)` : (data.gpus.find((g) => g.id === gpuId)?.name ?? gpuId);

	return (
		<fieldset>
			<legend>Hardware</legend>
			{state.gpus.map((selection, index) => (
				<div class="gpu-row">
					<label for={id(`gpu-${index}`)}>{index === 0 ? 'GPU' : `GPU ${index + 1}`}</label>
					<select
						id={id(`gpu-${index}`)}
						value={selection.id}
						onChange={(e) => setGpus(applyGpuPick(state.gpus, index, e.currentTarget.value))}
					>
						{data.gpus.map((g) => (
							<option value={g.id} disabled={inOtherRow(g.id, index)}>
								{g.name}
							</option>
						))}
						{state.customGpu && (
							<option value={CUSTOM_ID} disabled={inOtherRow(CUSTOM_ID, index)}>
								{name(CUSTOM_ID)}
							</option>
						)}
					</select>
					<NumberField
						id={id(`count-${index}`)}
						label={`How many ${name(selection.id)}`}
						value={selection.count}
						rule={{ ...LIMITS.gpuCount, max: MAX_DEVICES - total + selection.count }}
						onValue={(count) => setGpus(state.gpus.map((g, i) => (i === index ? { ...g, count } : g)))}
					/>
					{state.gpus.length > 1 && (
						<button type="button" class="linklike" onClick={() => setGpus(state.gpus.filter((_, i) => i !== index))}>
							Remove {name(selection.id)}
						</button>
					)}
				</div>
			))}
			{total < MAX_DEVICES && (
				<>
					<label for={id('add-gpu')}>Add a different GPU</label>
					<select
						id={id('add-gpu')}
						value=""
						onChange={(e) => {
							const next = e.currentTarget.value;
							if (next) setGpus([...state.gpus, { id: next, count: 1 }]);
						}}
					>
						<option value="">Choose…</option>
						{data.gpus
							.filter((g) => !state.gpus.some((s) => s.id === g.id))
							.map((g) => (
								<option value={g.id}>{g.name}</option>
							))}
					</select>
				</>
			)}
			<details class="custom-gpu" open={customOpen} onToggle={(e) => setCustomOpen(e.currentTarget.open)}>
				<summary>Use your own GPU</summary>
				<label for={id('cg-name')}>Name</label>
				<input
					id={id('cg-name')}
					type="text"
					value={custom.name}
					aria-describedby={nameNotes.length > 0 ? id('cg-name-note') : undefined}
					onChange={(e) => setCustom({ name: e.currentTarget.value })}
				/>
				{nameNotes.length > 0 && (
					<p id={id('cg-name-note')} class="warnings" role="alert">
						{nameNotes.join(' ')}
					</p>
				)}
				<NumberField id={id('cg-mem')} label="Memory (GiB)" value={custom.memoryGiB} rule={LIMITS.customGpuMemoryGiB} step={1} onValue={(memoryGiB) => setCustom({ memoryGiB })} />
				<NumberField id={id('cg-bw')} label="Bandwidth (GB/s)" value={custom.bandwidthGBps} rule={LIMITS.customGpuBandwidthGBps} step={1} onValue={(bandwidthGBps) => setCustom({ bandwidthGBps })} />
			</details>
			<label for={id('runtime')}>Runtime</label>
			<select id={id('runtime')} value={state.runtime} onChange={(e) => onChange({ runtime: e.currentTarget.value as CalculatorState['runtime'] })}>
				{RUNTIMES.map((r) => (
					<option value={r}>{RUNTIME_LABELS[r]}</option>
				))}
			</select>
			<NumberField id={id('cpu-layers')} label="Layers on the CPU" value={state.cpuLayers} rule={LIMITS.cpuLayers} onValue={(cpuLayers) => onChange({ cpuLayers })} />
			<NumberField id={id('cpu-moe')} label="MoE layers with experts on the CPU" value={state.cpuMoeLayers} rule={LIMITS.cpuMoeLayers} onValue={(cpuMoeLayers) => onChange({ cpuMoeLayers })} />
			<NumberField id={id('ram')} label="System RAM (GiB, 0 = not checked)" value={state.ramGiB} rule={LIMITS.ramGiB} step={1} onValue={(ramGiB) => onChange({ ramGiB })} />
			<NumberField id={id('ram-bw')} label="RAM bandwidth (GB/s, 0 = dual-channel DDR5)" value={state.ramBandwidthGBps} rule={LIMITS.ramBandwidthGBps} step={1} onValue={(ramBandwidthGBps) => onChange({ ramBandwidthGBps })} />
		</fieldset>
	);
}
