import { z } from 'zod';
import { problemSchema, toOpenApiSchema } from '@toevlucht/runtime';
import {
  closeDossierSchema,
  courseEnrolmentSchema,
  consentSchema,
  createDossierSchema,
  needsSchema,
  personRequestSchema,
  receptionAddressSchema,
  searchDossiersSchema,
  updateDossierSchema,
  updatePersonSchema,
} from '../dossier/dossier-request.schema';

/*
 * The OpenAPI 3.1 schemas of the API, generated from the same zod definitions that validate the
 * requests (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect).
 */

const verificationSchema = z.object({
  status: z.enum([
    'not-applicable',
    'pending',
    'verified',
    'mismatch',
    'not-found',
    'failed',
    'deceased',
  ]),
  mismatches: z.array(z.string()).optional(),
  code: z.string().optional(),
  referte: z.string().optional(),
  at: z.string().optional(),
});

export const personResponseSchema = personRequestSchema.omit({ isReference: true }).extend({
  id: z.uuid(),
  isReference: z.boolean(),
  verification: verificationSchema,
  education: z
    .object({
      checkedAt: z.string(),
      currentlyEnrolled: z.boolean(),
      institutions: z.array(z.object({ number: z.string(), name: z.string().optional() })),
      failure: z.string().optional(),
    })
    .optional(),
  courseOffers: z
    .array(
      z.object({
        offerId: z.string(),
        courseCode: z.string(),
        courseName: z.string().optional(),
        level: z.string().optional(),
        institution: z.string(),
        postcode: z.string(),
        startDate: z.string().optional(),
        lessonMoments: z
          .array(
            z.object({ lessonMomentId: z.string(), description: z.string(), freePlaces: z.int() }),
          )
          .optional(),
      }),
    )
    .optional(),
  courseEnrolment: z
    .object({
      enrolmentKey: z.string(),
      status: z.enum(['requested', 'confirmed', 'refused']),
      offerId: z.string(),
      lessonMomentId: z.string(),
      requestedAt: z.string(),
      placementId: z.string().optional(),
      placementStatus: z.string().optional(),
      paymentStatus: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  flags: z.array(z.string()),
});

export const dossierResponseSchema = z.object({
  id: z.uuid(),
  status: z.enum(['open', 'closed', 'anonymised']),
  version: z.int(),
  receptionAddress: receptionAddressSchema.optional(),
  nisCode: z.string().optional(),
  consent: consentSchema,
  placement: z
    .object({
      status: z.enum(['requested', 'assigned', 'rejected', 'ended']),
      requestedAt: z.string().optional(),
      placementId: z.string().optional(),
      placeId: z.string().optional(),
      nisCode: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  members: z.array(personResponseSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
  closeReason: z.string().optional(),
});

const toSchema = toOpenApiSchema;

export const OPENAPI_SCHEMAS = {
  CreateDossier: toSchema(createDossierSchema, 'input'),
  UpdateDossier: toSchema(updateDossierSchema, 'input'),
  Person: toSchema(personRequestSchema, 'input'),
  UpdatePerson: toSchema(updatePersonSchema, 'input'),
  CloseDossier: toSchema(closeDossierSchema, 'input'),
  CourseEnrolment: toSchema(courseEnrolmentSchema, 'input'),
  SearchDossiers: toSchema(searchDossiersSchema, 'input'),
  Needs: toSchema(needsSchema, 'input'),
  Dossier: toSchema(dossierResponseSchema, 'output'),
  DossierPage: toSchema(
    z.object({
      items: z.array(dossierResponseSchema),
      total: z.int(),
      limit: z.int(),
      offset: z.int(),
    }),
    'output',
  ),
  Problem: toSchema(problemSchema, 'output'),
} as const;
