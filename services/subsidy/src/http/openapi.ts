import type { ApiDescription } from '@toevlucht/runtime';

/** What subsidy's OpenAPI document says about itself (libs/runtime builds the rest). */
export const SUBSIDY_API: ApiDescription = {
  title: 'Toevlucht subsidy',
  description:
    'Subsidy claims (subsidiedossiers) of municipalities for the displaced persons they house: calculation from verified occupancy, submission by the municipal coordinator, four-eyes approval by central services, payment through Orafin, CSV export for accounting; tariffs and beneficiary accounts. Every route needs an OIDC bearer token with a role that allows it (docs/subsidy.md); errors are RFC 9457 problem+json.',
};
