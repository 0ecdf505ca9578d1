import { useState } from 'preact/hooks';
import { describeNumberRange } from '../../lib/calculator.ts';
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
 * decimals. Anything else leaves the state as it was and shows, tied to the input, the range
 * it accepts.
 */
export function NumberField({ id, label, value, rule, step, list, onValue }: Props) {
	const [rejected, setRejected] = useState<{ text: string; over: number } | null>(null);
	// A rejection belongs to the value it was typed over; once the state changes, it is stale.
	const shown = rejected && rejected.over === value ? rejected : null;
	const problemId = `${id}-problem`;
	return (
		<>
			<label for={id}>{label}</label>
			<input
				id={id}
				type="number"
				inputMode={rule.decimals > 0 ? 'decimal' : 'numeric'}
				min={rule.min}
				max={rule.max}
				step={step ?? 1 / 10 ** rule.decimals}
				list={list}
				value={shown ? shown.text : value}
				aria-describedby={shown ? problemId : undefined}
				aria-invalid={shown ? 'true' : undefined}
				onChange={(event) => {
					const text = event.currentTarget.value;
					const next = parseTypedNumber(text, rule);
					setRejected(next === null ? { text, over: value } : null);
					if (next !== null) onValue(next);
				}}
			/>
			{shown && (
				<p id={problemId} class="error" role="alert">
					{describeNumberRange(rule)}
				</p>
			)}
		</>
	);
}
