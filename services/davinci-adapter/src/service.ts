import type { ServiceDescriptor } from '@toevlucht/config';

/** Stateless adapter to DAVINCI, the adult-education student administration, over REST. */
export const DAVINCI_ADAPTER_SERVICE: ServiceDescriptor = {
  name: 'davinci-adapter',
  defaultPort: 3012,
  database: null,
};
