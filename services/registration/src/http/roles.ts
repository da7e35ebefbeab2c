import type { Role } from '@toevlucht/security';

/** AgII staff register and maintain dossiers; nobody else reads individual dossiers here. */
export const STAFF: Role[] = ['agii-medewerker'];

/** Aggregates only. */
export const REPORT_READERS: Role[] = ['rapportering', 'beheerder'];

export const ADMINISTRATORS: Role[] = ['beheerder'];
