import { z } from 'astro/zod';
import { pastDate, positive, type RefFactory } from './common.ts';

/** A price seen for a GPU: bought (new or used) or rented by the hour. */
export const makePriceSchema = (ref: RefFactory) =>
	z
		.strictObject({
			gpu: ref('gpus'),
			/** Bought outright, or rented per hour. */
			kind: z.enum(['purchase', 'rental']),
			/** For a purchase: new or used. */
			condition: z.enum(['new', 'used']).optional(),
			/** For a rental: who rents it out. */
			provider: z.string().optional(),
			/** Lowest price seen; per card for a purchase, per GPU-hour for a rental. */
			low: positive('currency units'),
			/** Highest price seen, when the source gives a range. */
			high: positive('currency units').optional(),
			/** ISO 4217 code. */
			currency: z.enum(['USD', 'EUR', 'GBP']),
			/** Day the price was seen. */
			date: pastDate(),
			source: ref('sources'),
			notes: z.string().optional(),
		})
		.superRefine((price, ctx) => {
			if (price.high !== undefined && price.high < price.low) {
				ctx.addIssue({
					code: 'custom',
					path: ['high'],
					message: `expected high to be at least low (${price.low}), received ${price.high}`,
				});
			}
			if (price.kind === 'purchase' && !price.condition) {
				ctx.addIssue({
					code: 'custom',
					path: ['condition'],
					message: 'expected "new" or "used" for a purchase price',
				});
			}
			if (price.kind === 'rental' && !price.provider) {
				ctx.addIssue({
					code: 'custom',
					path: ['provider'],
					message: 'expected the provider of a rental price',
				});
			}
		});
export type Price = z.output<ReturnType<typeof makePriceSchema>>;
