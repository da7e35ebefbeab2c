import { z } from 'zod';
import { isIsoDate, parsePeriod } from '../domain/calendar';
import { PLACE_TYPES } from '../domain/place-types';

const nisCode = z.string().regex(/^[1-9]\d{4}$/, 'a NIS code has 5 digits');
const period = z
  .string()
  .refine((text) => parsePeriod(text) !== undefined, 'a month as YYYY-MM (2000 to 2099)');

export const calculateClaimSchema = z.strictObject({ nisCode, period });

export const rejectClaimSchema = z.strictObject({
  reason: z.string().trim().min(3).max(500).meta({
    description: 'Why the claim is rejected, for the municipality. No personal data.',
  }),
});

export const listClaimsSchema = z.object({
  nisCode: nisCode.optional(),
  period: period.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const createTariffSchema = z.strictObject({
  placeType: z.enum(PLACE_TYPES),
  validFrom: z.string().refine(isIsoDate, 'a date as YYYY-MM-DD'),
  dailyCents: z
    .int()
    .min(0)
    .max(1_000_000)
    .meta({ description: 'Per person per night, in euro cents.' }),
  note: z.string().max(500).optional(),
});

export const beneficiarySchema = z.strictObject({
  name: z.string().min(1).max(70),
  iban: z.string().min(15).max(42),
  bic: z.string().max(11).optional(),
});

export { nisCode as nisCodeSchema };
