import { derivePairAnswer, type PairAnswer } from '../lib/pair.ts';
import { getCalculatorData } from './calculator.ts';

let cached: Promise<Map<string, PairAnswer>> | undefined;

/** Every GPU × model answer, keyed `gpu/model`, worked out once per build. */
export function getPairAnswers(): Promise<Map<string, PairAnswer>> {
	cached ??= getCalculatorData().then((data) => {
		const answers = new Map<string, PairAnswer>();
		for (const gpu of data.gpus) {
			for (const model of data.models) {
				answers.set(`${gpu.id}/${model.id}`, derivePairAnswer(gpu.id, model.id, data));
			}
		}
		return answers;
	});
	return cached;
}
