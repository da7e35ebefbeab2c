import { z } from 'zod';

const isoDate = z.iso.date();

export const assignmentSchema = z.object({ dossierId: z.uuid() }).strict();

export const endPlacementSchema = z
  .object({
    to: isoDate.optional().meta({ description: 'Move-out date (exclusive); today when absent' }),
    reason: z.enum(['moved-out', 'other']).default('moved-out'),
  })
  .strict();

export const occupancyQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    nisCode: z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
