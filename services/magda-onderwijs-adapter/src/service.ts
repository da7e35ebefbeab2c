import type { ServiceDescriptor } from '@toevlucht/config';

/** Stateless adapter to the education register (MAGDA GeefHistoriekInschrijving) over SOAP. */
export const MAGDA_ONDERWIJS_ADAPTER_SERVICE: ServiceDescriptor = {
  name: 'magda-onderwijs-adapter',
  defaultPort: 3011,
  database: null,
};
