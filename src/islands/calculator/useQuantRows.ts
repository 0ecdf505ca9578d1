import { useEffect, useState } from 'preact/hooks';
import type { QuantRow } from '../../lib/calculator.ts';

/**
 * The "which quant fits best?" rows, kept apart from the rest of the answer: they size every
 * quant, which on a slow phone is a long task of its own. The rows of the first state come
 * from the build (`initialRows`), so hydrating computes none; the rows of a later state are
 * computed in a task after the answer has been drawn. `key` names a state (its link), and the
 * rows of the previous state stay until the new ones are ready.
 */
export function useQuantRows(
	key: string,
	initialKey: string,
	initialRows: QuantRow[],
	compute: () => QuantRow[],
): { rows: QuantRow[]; pending: boolean } {
	const [held, setHeld] = useState({ key: initialKey, rows: initialRows });

	useEffect(() => {
		if (held.key === key) return;
		const timer = setTimeout(() => setHeld({ key, rows: compute() }), 0);
		return () => clearTimeout(timer);
		// `compute` is a new function on each render; the key says when the rows are stale.
	}, [key]);

	return { rows: held.rows, pending: held.key !== key };
}
