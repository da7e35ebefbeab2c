import { z } from 'zod';

/** DAVINCI's answers as contracts/openapi/davinci.yaml describes them; anything else is invalid. */
const lesmoment = z.object({
  lesmomentId: z.string(),
  omschrijving: z.string(),
  capaciteit: z.number().int().min(0),
  vrijePlaatsen: z.number().int().min(0),
});

export const modulevariant = z.object({
  modulevariantId: z.string(),
  cursuscode: z.string(),
  cursusnaam: z.string(),
  niveau: z.string(),
  instelling: z.object({
    instellingsnummer: z.string(),
    naam: z.string(),
    postcode: z.string().regex(/^\d{4}$/),
    gemeente: z.string(),
  }),
  startdatum: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  einddatum: z.string(),
  lesmomenten: z.array(lesmoment),
  tarief: z.object({ bedragCent: z.number().int().min(0), vrijstellingMogelijk: z.boolean() }),
});
export type Modulevariant = z.infer<typeof modulevariant>;

export const searchAnswer = z.object({ items: z.array(modulevariant) });

export const aanmelding = z.object({ aanmeldingId: z.string(), externeReferentie: z.string() });

export const plaatsing = z.object({
  plaatsingId: z.string(),
  aanmeldingId: z.string(),
  modulevariantId: z.string(),
  lesmomentId: z.string(),
  status: z.enum([
    'gereserveerd',
    'toegewezen',
    'ingeschreven',
    'uitgeschreven',
    'niet-toegewezen',
  ]),
  betaalstatus: z.enum(['te-betalen', 'betaald', 'vrijgesteld']),
  tariefCent: z.number().int().min(0),
});
export type Plaatsing = z.infer<typeof plaatsing>;

export const problemBody = z.object({ code: z.string().optional() }).loose();
