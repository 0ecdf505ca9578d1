/**
 * How a page's state enters the browser history: each change as its own entry, so Back walks
 * through earlier states, or a gesture (a slider drag) as one entry that its later steps rewrite,
 * so Back returns to the state before the drag. Kept apart from `window` so that a fake history
 * can test it.
 */

/** The parts of `location` and the History API the writer uses. */
export interface HistoryPort {
	/** The current query with its `?`, as `location.search` gives it ('' without one). */
	getSearch(): string;
	/** Adds an entry after the current one, as `history.pushState` does. */
	push(search: string): void;
	/** Rewrites the current entry, as `history.replaceState` does. */
	replace(search: string): void;
}

/**
 * How a change enters the history. `step`: its own entry. `gesture`: one step of a gesture; the
 * first step adds an entry and the later ones rewrite it until the gesture ends.
 */
export type HistoryChange = 'step' | 'gesture';

/** Writes queries into a history, one entry per step or per gesture. */
export interface AddressWriter {
	/** Writes a state's query (without `?`); nothing happens when the address already holds it. */
	write(query: string, change?: HistoryChange): void;
	/** Ends the gesture under way, so the next change gets an entry of its own. */
	endGesture(): void;
}

/** Creates a writer over a history: the browser's in an island, a fake one in tests. */
export function createAddressWriter(port: HistoryPort): AddressWriter {
	// Whether the current entry was added by a gesture that has not ended, and may be rewritten.
	let gestureEntry = false;
	return {
		write(query, change = 'step') {
			const next = `?${query}`;
			if (port.getSearch() === next) return;
			if (change === 'gesture' && gestureEntry) {
				port.replace(next);
				return;
			}
			port.push(next);
			gestureEntry = change === 'gesture';
		},
		endGesture() {
			gestureEntry = false;
		},
	};
}

