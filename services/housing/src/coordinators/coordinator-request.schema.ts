import { z } from 'zod';

export const coordinatorRegistrationSchema = z
  .object({
    subject: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .meta({ description: "The identity provider's subject (sub) of the person" }),
    nisCode: z.string().regex(/^\d{5}$/, 'a NIS code of five digits'),
  })
  .strict();

export const coordinatorListQuerySchema = z
  .object({ nisCode: z.string().regex(/^\d{5}$/) })
  .strict();
