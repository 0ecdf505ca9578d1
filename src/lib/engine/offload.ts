import { estimate } from './estimate.ts';
import type { EstimateInput } from './types.ts';

/**
 * The fewest repeating layers to keep on the CPU (as a lower `-ngl` does) for the configuration
 * to fit on its GPUs, counting up from the input's own cpuLayers; undefined when there is no GPU
 * or even all layers but one on the CPU would not fit. Each step is one estimate, so a model of
 * L layers costs at most L estimates.
 */
export function findCpuLayersToFit(input: EstimateInput): number | undefined {
	if (!input.devices || input.devices.length === 0) return undefined;
	const layers = input.model.layers;
	for (let cpuLayers = (input.cpuLayers ?? 0) + 1; cpuLayers < layers; cpuLayers += 1) {
		if (estimate({ ...input, cpuLayers }).fits) return cpuLayers;
	}
	return undefined;
}
