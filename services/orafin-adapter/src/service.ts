import type { ServiceDescriptor } from '@toevlucht/config';

/** Adapter to Orafin, the finance system; keeps a ledger of payment orders for idempotency. */
export const ORAFIN_ADAPTER_SERVICE: ServiceDescriptor = {
  name: 'orafin-adapter',
  defaultPort: 3013,
  database: 'toevlucht_orafin_adapter',
};
