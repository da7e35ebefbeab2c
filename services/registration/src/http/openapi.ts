import type { ApiDescription } from '@toevlucht/runtime';

/** What the gateway's OpenAPI document says about itself (libs/runtime builds the rest). */
export const REGISTRATION_API: ApiDescription = {
  title: 'Toevlucht registration gateway',
  description:
    'The central dossier of displaced households for the AgII UI: registration, needs, identity verification, work list, placement requests and aggregate reporting. Every route needs an OIDC bearer token with a role that allows it (see docs/security.md); errors are RFC 9457 problem+json.',
};
