import type { IgnoredParam } from '../../lib/query-codec.ts';

/** Ignored settings shown by name; the rest are counted, since a hostile link can hold thousands. */
export const MAX_NOTICES = 5;

interface Props {
	ignored: IgnoredParam[];
}

/** Tells the reader which parts of a link were not used and that safe values stand in. */
export function IgnoredNotice({ ignored }: Props) {
	if (ignored.length === 0) return null;
	return (
		<div class="notice" role="alert">
			<p>Some settings in this link were ignored, and safe values were used instead:</p>
			<ul>
				{ignored.slice(0, MAX_NOTICES).map((item) => (
					<li>{item.reason}</li>
				))}
			</ul>
			{ignored.length > MAX_NOTICES && <p>…and {ignored.length - MAX_NOTICES} more.</p>}
		</div>
	);
}
