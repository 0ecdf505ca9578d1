import type { Estimate } from '../../lib/engine/types.ts';
import { formatGiB } from '../../lib/format.ts';

/** Parts of the GPU-side total, in stacking order; `.part-<key>` in CSS colours each. */
export const MEMORY_PARTS = [
	{ key: 'weights', label: 'Weights' },
	{ key: 'kv', label: 'KV cache' },
	{ key: 'state', label: 'Recurrent state' },
	{ key: 'compute', label: 'Compute buffer (estimate)' },
	{ key: 'overhead', label: 'Driver and runtime' },
	{ key: 'extras', label: 'Projector and draft model' },
] as const;

/** The GPU-side bytes of each part of an estimate (host-side parts are listed separately). */
export function getGpuParts(estimate: Estimate): Record<(typeof MEMORY_PARTS)[number]['key'], number> {
	const sum = (pick: (d: Estimate['devices'][number]) => number) =>
		estimate.devices.reduce((total, device) => total + pick(device), 0);
	return {
		weights: sum((d) => d.weightsBytes),
		kv: sum((d) => d.kvCacheBytes),
		state: sum((d) => d.recurrentStateBytes),
		compute: sum((d) => d.computeBufferBytes.value),
		overhead: sum((d) => d.overheadBytes),
		extras: sum((d) => d.extrasBytes),
	};
}

interface Props {
	estimate: Estimate;
	/** Memory the runtime may use, in bytes: the bar's full width when the total is below it. */
	usableBytes: number;
	/** Physical memory, in bytes. */
	capacityBytes: number;
}

/**
 * A stacked bar of the memory breakdown against the memory the runtime may use. Drawn in SVG
 * with geometry attributes, since the Content-Security-Policy blocks inline style attributes.
 */
export function MemoryBar({ estimate, usableBytes, capacityBytes }: Props) {
	const parts = getGpuParts(estimate);
	const total = Object.values(parts).reduce((a, b) => a + b, 0);
	const scale = Math.max(total, usableBytes, 1);
	const shown = MEMORY_PARTS.filter((part) => parts[part.key] > 0);
	let offset = 0;
	const segments = shown.map((part) => {
		const width = (parts[part.key] / scale) * 100;
		const segment = { ...part, x: offset, width };
		offset += width;
		return segment;
	});
	const limit = (usableBytes / scale) * 100;
	return (
		<figure class="memory-bar">
			<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
				{segments.map((segment) => (
					<rect x={segment.x} y={0} width={segment.width} height={10} class={`part-${segment.key}`} />
				))}
				<rect x={Math.min(limit, 99.6)} y={0} width={0.4} height={10} class="limit" />
			</svg>
			<figcaption>
				<ul class="legend">
					{shown.map((part) => (
						<li>
							<svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
								<rect width={10} height={10} class={`part-${part.key}`} />
							</svg>
							{part.label} <strong>{formatGiB(parts[part.key])}</strong>
						</li>
					))}
				</ul>
				<p class="muted">
					Total on the GPU side {formatGiB(total)}, against {formatGiB(usableBytes)} usable of{' '}
					{formatGiB(capacityBytes)}. The dark line marks the usable limit.
				</p>
			</figcaption>
		</figure>
	);
}
