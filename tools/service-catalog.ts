import type { ServiceDescriptor } from '@toevlucht/config';
import { DAVINCI_ADAPTER_SERVICE } from '../services/davinci-adapter/src/service';
import { HOUSING_SERVICE } from '../services/housing/src/service';
import { MAGDA_ONDERWIJS_ADAPTER_SERVICE } from '../services/magda-onderwijs-adapter/src/service';
import { ORAFIN_ADAPTER_SERVICE } from '../services/orafin-adapter/src/service';
import { REGISTRATION_SERVICE } from '../services/registration/src/service';
import { RIJKSREGISTER_ADAPTER_SERVICE } from '../services/rijksregister-adapter/src/service';
import { SUBSIDY_SERVICE } from '../services/subsidy/src/service';

/**
 * Every service of the mesh, for the tools that act on all of them (start, migrate). Each
 * service's own descriptor (services/<name>/src/service.ts) stays the single source of its
 * name, port and database.
 */
export const SERVICES: readonly ServiceDescriptor[] = [
  REGISTRATION_SERVICE,
  HOUSING_SERVICE,
  SUBSIDY_SERVICE,
  RIJKSREGISTER_ADAPTER_SERVICE,
  MAGDA_ONDERWIJS_ADAPTER_SERVICE,
  DAVINCI_ADAPTER_SERVICE,
  ORAFIN_ADAPTER_SERVICE,
];

export function serviceNamed(name: string): ServiceDescriptor {
  const found = SERVICES.find((service) => service.name === name);
  if (found === undefined) {
    throw new Error(`Unknown service '${name}'. Known: ${SERVICES.map((s) => s.name).join(', ')}`);
  }
  return found;
}
