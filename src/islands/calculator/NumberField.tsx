import { parseTypedNumber, type NumberRule } from '../../lib/query-codec.ts';

interface Props {
	id: string;
	label: string;
	value: number;
	/** The permalink's limits for this number, so the form cannot hold what a link would refuse. */
	rule: NumberRule;
	step?: number;
	list?: string;
	onValue: (value: number) => void;
}

/**
 * A labelled number input that only reports values inside its limits, rounded to the rule's
 * decimals; anything else leaves the state as it was.
 */
export function NumberField({ id, label, value, rule, step, list, onValue }: Props) {
	const factor = 10 ** rule.decimals;
	return (
		<>
			<label for={id}>{label}</label>
			<input
				id={id}
				type="number"
				inputMode={rule.decimals > 0 ? 'decimal' : 'numeric'}
				min={rule.min}
				max={rule.max}
				step={step ?? 1 / factor}
				list={list}
				value={value}
				onChange={(event) => {
					const next = parseTypedNumber(event.currentTarget.value, rule);
					if (next !== null) onValue(next);
				}}
			/>
		</>
	);
}
