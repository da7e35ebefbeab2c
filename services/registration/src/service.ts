import type { ServiceDescriptor } from '@toevlucht/config';

/** The central dossier of households and their needs, and the HTTP gateway of the AgII UI. */
export const REGISTRATION_SERVICE: ServiceDescriptor = {
  name: 'registration',
  defaultPort: 3000,
  database: 'toevlucht_registration',
};
