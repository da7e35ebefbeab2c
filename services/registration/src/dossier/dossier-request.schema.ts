import { z } from 'zod';
import {
  CLOSE_REASONS,
  EDUCATION_FORMS,
  LESSON_AVAILABILITY,
  WELFARE_NEEDS,
} from './dossier.model';

/*
 * The shapes the HTTP API accepts, in zod: the same definitions validate requests and, through
 * z.toJSONSchema, describe them in the OpenAPI document, so the two cannot drift. Shape only:
 * the domain rules (INSZ checksum, dates, phone numbers, postcodes) are checked afterwards by
 * dossier-validation.ts, which knows the reference data.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const needsSchema = z
  .object({
    education: z
      .object({
        alreadyEnrolled: z.boolean(),
        level: text(100).optional(),
        desiredForm: z.enum(EDUCATION_FORMS).optional(),
        desiredStudyArea: text(200).optional(),
      })
      .strict()
      .optional(),
    dutchLessons: z
      .object({
        wanted: z.boolean(),
        level: text(50).optional(),
        availability: z.array(z.enum(LESSON_AVAILABILITY)).max(4).optional(),
      })
      .strict()
      .optional(),
    welfare: z.array(z.enum(WELFARE_NEEDS)).max(WELFARE_NEEDS.length).optional(),
  })
  .strict()
  .meta({ description: 'Referral questions (toeleidingsvragen).' });

export const personRequestSchema = z
  .object({
    familyNames: z.array(text(100)).min(1).max(5),
    givenNames: z.array(text(100)).max(10).default([]),
    birthDate: z.string().meta({
      description: 'YYYY, YYYY-MM or YYYY-MM-DD: partial dates as in the national register.',
      example: '2011-04',
    }),
    gender: z.enum(['M', 'F', 'X', 'unknown']),
    nationality: z.string().optional().meta({ description: 'ISO 3166-1 alpha-2', example: 'UA' }),
    insz: z.string().optional().meta({
      description: 'National number or BIS number; dots, dashes and spaces are ignored.',
    }),
    phones: z
      .array(z.string().max(40))
      .max(5)
      .default([])
      .meta({ description: 'E.164 or national Belgian format.' }),
    emails: z.array(z.string().max(254)).max(5).default([]),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code'))
      .max(10)
      .default([]),
    needs: needsSchema.default({}),
    isReference: z.boolean().optional().meta({
      description: 'The reference person of the household; by default the first member.',
    }),
  })
  .strict();

export const receptionAddressSchema = z
  .object({
    street: text(200),
    houseNumber: text(20),
    box: text(20).optional(),
    postcode: z.string().regex(/^[0-9]{4}$/, 'must be a Belgian postcode of 4 digits'),
  })
  .strict();

export const consentSchema = z
  .object({ referralSharing: z.boolean(), partnerContact: z.boolean() })
  .strict();

export const createDossierSchema = z
  .object({
    receptionAddress: receptionAddressSchema.optional(),
    consent: consentSchema,
    members: z.array(personRequestSchema).min(1).max(30),
  })
  .strict();

export const updateDossierSchema = z
  .object({
    receptionAddress: receptionAddressSchema.nullable().optional(),
    consent: consentSchema.optional(),
  })
  .strict();

export const updatePersonSchema = personRequestSchema
  .omit({ isReference: true })
  .partial()
  .extend({
    insz: z.string().nullable().optional().meta({
      description: 'A corrected number, or null when the one on file was wrong and none is known.',
    }),
  })
  .strict();

export const courseEnrolmentSchema = z
  .object({
    offerId: text(100),
    lessonMomentId: text(100),
    feeExemptionRequested: z.boolean().optional(),
  })
  .strict();

export const closeDossierSchema = z
  .object({ reason: z.enum(CLOSE_REASONS), remark: text(500).optional() })
  .strict();

export const searchDossiersSchema = z
  .union([
    z.object({ insz: z.string() }).strict(),
    z
      .object({ familyName: text(100), givenName: text(100).optional(), birthDate: z.string() })
      .strict(),
  ])
  .meta({ description: 'By INSZ (exact, through the blind index) or by name and birth date.' });

export type CreateDossierRequest = z.infer<typeof createDossierSchema>;
export type PersonRequest = z.infer<typeof personRequestSchema>;
export type UpdateDossierRequest = z.infer<typeof updateDossierSchema>;
export type UpdatePersonRequest = z.infer<typeof updatePersonSchema>;
export type CloseDossierRequest = z.infer<typeof closeDossierSchema>;
export type SearchDossiersRequest = z.infer<typeof searchDossiersSchema>;
