import { z } from 'zod';
import { CLAIM_STATUSES } from '../domain/claim-workflow';
import { PLACE_TYPES } from '../domain/place-types';
import {
  beneficiarySchema,
  calculateClaimSchema,
  createTariffSchema,
  rejectClaimSchema,
} from './request-schemas';

/* The OpenAPI 3.1 schemas, from the zod definitions that validate the requests. */

const totals = z.object({
  includedLines: z.int(),
  excludedLines: z.int(),
  persons: z.int(),
  nights: z.int(),
  amountCents: z.int(),
});

const payment = z.object({
  paymentReference: z.string(),
  status: z.enum(['aangevraagd', 'geaccepteerd', 'betaald', 'geweigerd']),
  amountCents: z.int(),
  requestedAt: z.string(),
  acceptedAt: z.string().optional(),
  paidAt: z.string().optional(),
  executionDate: z.string().optional(),
  rejection: z.object({ stage: z.string(), code: z.string(), reason: z.string() }).optional(),
});

const version = z.object({
  id: z.uuid(),
  claimId: z.uuid(),
  version: z.int(),
  status: z.enum(CLAIM_STATUSES),
  revision: z
    .int()
    .meta({ description: 'The ETag; send it as If-Match on submit, approve, reject.' }),
  totals,
  calculatedAt: z.string(),
  calculatedBy: z.string(),
  submittedAt: z.string().optional(),
  submittedBy: z.string().optional(),
  reviewedAt: z.string().optional(),
  reviewedBy: z.string().optional(),
  reviewReason: z.string().optional(),
  payment: payment.optional(),
});

const claim = z.object({
  id: z.uuid(),
  nisCode: z.string(),
  period: z.string(),
  latestVersion: z.int(),
  versions: z.array(version),
});

const line = z.object({
  stayId: z.uuid(),
  personId: z.uuid(),
  dossierId: z.uuid(),
  placeId: z.uuid(),
  placeType: z.string(),
  stayFrom: z.string(),
  stayTo: z.string().optional(),
  nights: z.int(),
  amountCents: z.int(),
  included: z.boolean(),
  exclusionReason: z.string().optional(),
  verification: z
    .object({
      status: z.string(),
      referte: z.string().optional(),
      registerNisCode: z.string().optional(),
      at: z.string(),
    })
    .optional(),
  segments: z.array(
    z.object({
      tariffId: z.uuid(),
      from: z.string(),
      to: z.string(),
      nights: z.int(),
      dailyCents: z.int(),
      amountCents: z.int(),
    }),
  ),
});

const versionDetail = version.extend({
  nisCode: z.string(),
  period: z.string(),
  contentHash: z.string(),
  lines: z.array(line),
  history: z
    .array(
      z.object({
        at: z.string(),
        actor: z.string(),
        event: z.string(),
        status: z.string(),
        detail: z.unknown(),
      }),
    )
    .optional(),
});

const tariff = z.object({
  id: z.uuid(),
  placeType: z.enum(PLACE_TYPES),
  validFrom: z.string(),
  dailyCents: z.int(),
  sequence: z.int(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  note: z.string().optional(),
});

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errorId: z.uuid(),
    code: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
      .optional(),
  })
  .meta({ description: 'RFC 9457 problem details' });

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}

export const OPENAPI_SCHEMAS = {
  CalculateClaim: toSchema(calculateClaimSchema, 'input'),
  RejectClaim: toSchema(rejectClaimSchema, 'input'),
  CreateTariff: toSchema(createTariffSchema, 'input'),
  Beneficiary: toSchema(beneficiarySchema, 'input'),
  Claim: toSchema(claim, 'output'),
  ClaimPage: toSchema(
    z.object({ items: z.array(claim), total: z.int(), limit: z.int(), offset: z.int() }),
    'output',
  ),
  ClaimVersion: toSchema(versionDetail, 'output'),
  Tariff: toSchema(tariff, 'output'),
  Problem: toSchema(problem, 'output'),
} as const;
