import { useEffect, useRef, useState } from 'preact/hooks';
import {
	createAddressWriter,
	type AddressWriter,
	type HistoryChange,
	type HistoryPort,
} from '../../lib/address-history.ts';
import type { IgnoredParam } from '../../lib/query-codec.ts';

interface Options<S> {
	/** Whether the state lives in this page's address; embeds keep theirs to themselves. */
	enabled: boolean;
	/** The state before the address is read (and the only one when disabled). */
	initial: S;
	/** Decodes an address query; never throws, and lists what it could not use. */
	read: (search: string) => { state: S; ignored: IgnoredParam[] };
	/** The canonical query for a state, without `?`. */
	write: (state: S) => string;
}

/** A new state, or a function of the current one (as preact's `setState` takes). */
type StateUpdate<S> = S | ((current: S) => S);

/** The browser's history and address, touched only when a method is called (never on the server). */
const BROWSER_HISTORY: HistoryPort = {
	getSearch: () => location.search,
	push: (search) => history.pushState(null, '', search),
	replace: (search) => history.replaceState(null, '', search),
};

/**
 * State kept in the page address: read on load and on Back/Forward, written on every change.
 * `setState` makes each change its own history entry, so Back walks through them (the
 * calculator). `setGestureState` and `endGesture` make a whole slider drag one entry, so Back
 * returns to the state before the drag. A state that came from the address is not written back
 * as a new entry, which would cut off the Forward history.
 */
export function useAddressState<S>({ enabled, initial, read, write }: Options<S>) {
	const [state, setCurrent] = useState<S>(initial);
	const [ignored, setIgnored] = useState<IgnoredParam[]>([]);
	// The newest state, also between a change and the render that shows it, so that updates made
	// in one event (a range input's `input` then `change`) build on each other.
	const latest = useRef(state);
	const writer = useRef<AddressWriter | null>(null);
	writer.current ??= createAddressWriter(BROWSER_HISTORY);

	useEffect(() => {
		if (!enabled) return;
		const onAddress = () => {
			const decoded = read(location.search);
			writer.current?.endGesture();
			latest.current = decoded.state;
			setCurrent(decoded.state);
			setIgnored(decoded.ignored);
		};
		onAddress();
		addEventListener('popstate', onAddress);
		return () => removeEventListener('popstate', onAddress);
		// `read` is a new function on each render; the listener only needs installing once.
	}, [enabled]);

	const change = (update: StateUpdate<S>, kind: HistoryChange) => {
		// States are plain data, never functions, so a function here is always an updater.
		const next =
			typeof update === 'function' ? (update as (current: S) => S)(latest.current) : update;
		latest.current = next;
		setCurrent(next);
		// The notice is about the link as opened; once the reader changes something, it is stale.
		setIgnored([]);
		if (enabled) writer.current?.write(write(next), kind);
	};

	/** Changes the state as its own history entry. */
	const setState = (update: StateUpdate<S>) => change(update, 'step');
	/** Changes the state as one step of a gesture: all its steps share one history entry. */
	const setGestureState = (update: StateUpdate<S>) => change(update, 'gesture');
	/** Ends the gesture under way (a range input's `change`), so the next change gets its own entry. */
	const endGesture = () => writer.current?.endGesture();

	return { state, setState, setGestureState, endGesture, ignored, query: write(state) };
}
