import type { ServiceDescriptor } from '@toevlucht/config';

/** Housing offers, their validation, reception places (opvangplaatsen) and occupancy. */
export const HOUSING_SERVICE: ServiceDescriptor = {
  name: 'housing',
  defaultPort: 3001,
  database: 'toevlucht_housing',
};
