import type { ApiDescription } from '@toevlucht/runtime';

/** What housing's OpenAPI document says about itself (libs/runtime builds the rest). */
export const HOUSING_API: ApiDescription = {
  title: 'Toevlucht housing',
  description:
    'Housing offers (public intake and coordinator entry), their validation by municipalities and central services, reception places, placement of households and the occupancy history. Every route but the public intake needs an OIDC bearer token with a role that allows it (docs/housing.md); a coordinator acts only in the municipality of the NIS claim of the token and only while registered. Errors are RFC 9457 problem+json.',
};
