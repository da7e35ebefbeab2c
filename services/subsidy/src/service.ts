import type { ServiceDescriptor } from '@toevlucht/config';

/** Subsidy claims (subsidiedossiers) of municipalities from verified occupancy, approval and payment. */
export const SUBSIDY_SERVICE: ServiceDescriptor = {
  name: 'subsidy',
  defaultPort: 3002,
  database: 'toevlucht_subsidy',
};
