import type { ServiceDescriptor } from '@toevlucht/config';

/** Stateless adapter to the national register (MAGDA GeefPersoon, repertorium) over SOAP. */
export const RIJKSREGISTER_ADAPTER_SERVICE: ServiceDescriptor = {
  name: 'rijksregister-adapter',
  defaultPort: 3010,
  database: null,
};
