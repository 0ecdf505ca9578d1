import { useMemo } from 'preact/hooks';
import {
	COMPARE_KINDS,
	decodeCompareQuery,
	encodeCompareQuery,
	MAX_COMPARED,
	type CompareKnownIds,
	type CompareSelection,
} from '../lib/compare.ts';
import { IgnoredNotice } from './shared/IgnoredNotice.tsx';
import { useAddressState } from './shared/useAddressState.ts';

/** One GPU or model, with its facts already formatted at build time. */
export interface CompareItem {
	id: string;
	name: string;
	href: string;
	facts: string[];
}

interface Props {
	gpus: { labels: string[]; items: CompareItem[] };
	models: { labels: string[]; items: CompareItem[] };
	/** The selection of a link without a list; links leave out a selection equal to it. */
	defaults: CompareSelection;
}

/** GPUs or models side by side; the selection lives in the URL. */
export default function Compare({ gpus, models, defaults }: Props) {
	const known = useMemo<CompareKnownIds>(
		() => ({
			gpus: new Set(gpus.items.map((i) => i.id)),
			models: new Set(models.items.map((i) => i.id)),
		}),
		[gpus, models],
	);
	const { state: selection, setState: choose, ignored } = useAddressState<CompareSelection>({
		enabled: true,
		initial: defaults,
		read: (search) => {
			const decoded = decodeCompareQuery(search, known, defaults);
			return { state: decoded.selection, ignored: decoded.ignored };
		},
		write: (current) => encodeCompareQuery(current, defaults),
	});

	const table = selection.kind === 'gpus' ? gpus : models;
	const chosen = selection.ids.map((id) => table.items.find((i) => i.id === id)!).filter(Boolean);
	const addable = table.items.filter((i) => !selection.ids.includes(i.id));

	return (
		<div class="compare">
			<IgnoredNotice ignored={ignored} />
			<form class="filters" onSubmit={(e) => e.preventDefault()}>
				<fieldset class="kind">
					<legend>Compare</legend>
					{COMPARE_KINDS.map((kind) => (
						<label>
							<input
								type="radio"
								name="compare-kind"
								checked={selection.kind === kind}
								onChange={() => {
									const items = kind === 'gpus' ? gpus.items : models.items;
									choose({ kind, ids: items.slice(0, 2).map((i) => i.id) });
								}}
							/>{' '}
							{kind === 'gpus' ? 'GPUs' : 'Models'}
						</label>
					))}
				</fieldset>
				<label>
					Add{' '}
					<select
						value=""
						disabled={selection.ids.length >= MAX_COMPARED}
						onChange={(e) => {
							const id = e.currentTarget.value;
							if (id) choose({ ...selection, ids: [...selection.ids, id] });
						}}
					>
						<option value="">{selection.ids.length >= MAX_COMPARED ? `At most ${MAX_COMPARED}` : 'Choose…'}</option>
						{addable.map((i) => (
							<option value={i.id}>{i.name}</option>
						))}
					</select>
				</label>
			</form>
			<div class="table-scroll" tabIndex={0}>
				<table>
					<thead>
						<tr>
							<th scope="col">
								<span class="sr-only">Fact</span>
							</th>
							{chosen.map((item) => (
								<th scope="col">
									<a href={item.href}>{item.name}</a>{' '}
									{chosen.length > 1 && (
										<button
											type="button"
											class="linklike"
											aria-label={`Remove ${item.name}`}
											onClick={() => choose({ ...selection, ids: selection.ids.filter((id) => id !== item.id) })}
										>
											×
										</button>
									)}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{table.labels.map((label, index) => (
							<tr>
								<th scope="row">{label}</th>
								{chosen.map((item) => (
									<td>{item.facts[index]}</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</div>
	);
}
