import { z } from 'zod';
import { problemSchema, toOpenApiSchema } from '@toevlucht/runtime';
import { OFFER_TYPES } from '../domain/offer-rules';
import { OFFER_ACTIONS, OFFER_STATUSES } from '../domain/offer-workflow';
import { offerSubmissionSchema, offerTransitionSchema } from '../offers/offer-request.schema';
import { assignmentSchema, endPlacementSchema } from '../placements/placement-request.schema';
import { coordinatorRegistrationSchema } from '../coordinators/coordinator-request.schema';

/* The OpenAPI 3.1 schemas, from the same zod definitions that validate the requests. */

const offerSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(OFFER_STATUSES),
  version: z.int(),
  channel: z.enum(['public-intake', 'coordinator']),
  type: z.enum(OFFER_TYPES),
  capacity: z.int(),
  availableFrom: z.string(),
  availableUntil: z.string().optional(),
  accessible: z.boolean(),
  nisCode: z.string(),
  address: z.object({
    street: z.string(),
    houseNumber: z.string(),
    box: z.string().optional(),
    postcode: z.string(),
  }),
  offerer: z.object({
    name: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
  remarks: z.string().optional(),
  possibleDuplicateOf: z
    .array(z.uuid())
    .meta({ description: 'Earlier offers with the same normalised address and offerer' }),
  place: z.object({ id: z.uuid(), capacity: z.int(), occupants: z.int() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const page = (item: z.ZodType) =>
  z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });

const staySchema = z.object({
  stayId: z.uuid(),
  placementId: z.uuid(),
  dossierId: z.uuid(),
  personId: z.uuid(),
  personKnown: z.boolean(),
  ageBand: z.string().optional(),
  placeId: z.uuid(),
  placeType: z.enum(OFFER_TYPES),
  nisCode: z.string(),
  from: z.string(),
  to: z.string().optional().meta({ description: 'Move-out date, exclusive; absent while open' }),
  nightsInPeriod: z.int(),
});

const coordinatorSchema = z.object({
  id: z.uuid(),
  subject: z.string(),
  nisCode: z.string(),
  seat: z.int().optional(),
  active: z.boolean(),
  createdAt: z.string(),
  deactivatedAt: z.string().optional(),
});

export const OPENAPI_SCHEMAS = {
  OfferSubmission: toOpenApiSchema(offerSubmissionSchema, 'input'),
  OfferReceipt: toOpenApiSchema(
    z.object({ reference: z.string(), status: z.literal('ingediend') }),
    'output',
  ),
  OfferTransition: toOpenApiSchema(offerTransitionSchema, 'input'),
  Offer: toOpenApiSchema(offerSchema, 'output'),
  OfferPage: toOpenApiSchema(page(offerSchema), 'output'),
  OfferHistory: toOpenApiSchema(
    z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        role: z.string(),
        action: z.union([z.enum(OFFER_ACTIONS), z.literal('submit')]),
        from: z.enum(OFFER_STATUSES).optional(),
        to: z.enum(OFFER_STATUSES),
        reason: z.string().optional(),
      }),
    ),
    'output',
  ),
  Assignment: toOpenApiSchema(assignmentSchema, 'input'),
  Placement: toOpenApiSchema(
    z.object({ placementId: z.uuid(), placeId: z.uuid(), dossierId: z.uuid() }),
    'output',
  ),
  EndPlacement: toOpenApiSchema(endPlacementSchema, 'input'),
  EndedPlacement: toOpenApiSchema(
    z.object({
      placementId: z.uuid(),
      dossierId: z.uuid(),
      placeId: z.uuid(),
      from: z.string(),
      to: z.string(),
    }),
    'output',
  ),
  StayPage: toOpenApiSchema(page(staySchema), 'output'),
  WaitingPage: toOpenApiSchema(
    page(
      z.object({
        dossierId: z.uuid(),
        householdSize: z.int(),
        preferredNisCodes: z.array(z.string()),
        needsAccessibility: z.boolean(),
        receivedAt: z.string(),
      }),
    ),
    'output',
  ),
  CoordinatorRegistration: toOpenApiSchema(coordinatorRegistrationSchema, 'input'),
  Coordinator: toOpenApiSchema(coordinatorSchema, 'output'),
  CoordinatorList: toOpenApiSchema(z.array(coordinatorSchema), 'output'),
  Problem: toOpenApiSchema(problemSchema, 'output'),
} as const;
