import { useEffect, useRef, useState } from 'preact/hooks';
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
	/**
	 * `push`: every change is a history entry, so Back walks through them (the calculator).
	 * `replace`: changes rewrite the current entry until `commit` (the cost slider, whose drag
	 * would otherwise leave hundreds of entries).
	 */
	mode: 'push' | 'replace';
}

/**
 * State kept in the page address: read on load and on Back/Forward, written on every change.
 * A state that came from the address is not written back as a new entry, which would cut off
 * the Forward history.
 */
export function useAddressState<S>({ enabled, initial, read, write, mode }: Options<S>) {
	const [state, setState] = useState<S>(initial);
	const [ignored, setIgnored] = useState<IgnoredParam[]>([]);
	const fromAddress = useRef(true);
	const query = write(state);

	useEffect(() => {
		if (!enabled) return;
		const onAddress = () => {
			const decoded = read(location.search);
			fromAddress.current = true;
			setState(decoded.state);
			setIgnored(decoded.ignored);
		};
		onAddress();
		addEventListener('popstate', onAddress);
		return () => removeEventListener('popstate', onAddress);
		// `read` is a new function on each render; the listener only needs installing once.
	}, [enabled]);

	useEffect(() => {
		if (!enabled) return;
		if (fromAddress.current) {
			fromAddress.current = false;
			return;
		}
		const next = `?${query}`;
		if (location.search === next) return;
		if (mode === 'push') history.pushState(null, '', next);
		else history.replaceState(null, '', next);
	}, [enabled, query, mode]);

	/** Makes the current state its own history entry (for `replace` mode). */
	const commit = () => {
		if (enabled) history.pushState(null, '', `?${query}`);
	};
	return { state, setState, ignored, query, commit };
}
