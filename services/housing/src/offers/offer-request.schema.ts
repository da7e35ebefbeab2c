import { z } from 'zod';
import { OFFER_TYPES } from '../domain/offer-rules';
import { OFFER_ACTIONS, OFFER_STATUSES } from '../domain/offer-workflow';

const isoDate = z.iso.date();

/** Free text kept short: the public intake is open to anyone. */
const text = (max: number) => z.string().trim().min(1).max(max);

export const offerSubmissionSchema = z
  .object({
    offerer: z
      .object({
        name: text(200),
        email: z.email().max(254).optional(),
        phone: z
          .string()
          .regex(/^\+?[0-9 ()./-]{6,25}$/, 'a phone number')
          .optional(),
      })
      .strict()
      .refine((o) => o.email !== undefined || o.phone !== undefined, {
        message: 'give an e-mail address or a phone number, so the municipality can reach you',
        path: ['email'],
      }),
    address: z
      .object({
        street: text(200),
        houseNumber: z
          .string()
          .trim()
          .regex(/^[0-9]{1,5}[A-Za-z]{0,3}$/, 'a house number like 12 or 12A'),
        box: z.string().trim().min(1).max(10).optional(),
        postcode: z.string().regex(/^[1-9][0-9]{3}$/, 'a Belgian postcode of four digits'),
      })
      .strict(),
    type: z.enum(OFFER_TYPES),
    capacity: z.int().min(1).max(500),
    availableFrom: isoDate,
    availableUntil: isoDate.optional(),
    accessible: z.boolean().default(false),
    remarks: z.string().trim().max(2000).optional(),
  })
  .strict();
export type OfferSubmission = z.output<typeof offerSubmissionSchema>;

export const offerTransitionSchema = z
  .object({
    action: z.enum(OFFER_ACTIONS),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const offerListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  status: z.enum(OFFER_STATUSES).optional(),
});
