import type { ServiceDescriptor } from '@toevlucht/config';

/** What the launcher tells the user about the mesh as a whole. Pure, so it is unit-tested. */

const GATEWAY = 'registration';
// Enough of a 503 body to see which check fails, without flooding the terminal.
const MAX_DETAIL = 300;

export function baseUrl(service: ServiceDescriptor): string {
  return `http://127.0.0.1:${service.defaultPort}`;
}

export function readySummary(services: readonly ServiceDescriptor[], elapsedMs: number): string[] {
  const width = Math.max('service'.length, ...services.map((service) => service.name.length));
  const rows = services.map((service) => {
    const base = baseUrl(service);
    return `  ${service.name.padEnd(width)}  ${`${base}/health/ready`.padEnd(34)}  ${base}/metrics`;
  });
  const gateway = services.find((service) => service.name === GATEWAY);
  return [
    '',
    `Toevlucht is up: ${services.length} service${services.length === 1 ? '' : 's'} ready in ${(elapsedMs / 1000).toFixed(1)} s`,
    '',
    `  ${'service'.padEnd(width)}  ${'readiness'.padEnd(34)}  metrics`,
    ...rows,
    '',
    ...(gateway === undefined
      ? []
      : [
          `Gateway: ${GATEWAY} at ${baseUrl(gateway)} (API documentation: ${baseUrl(gateway)}/docs)`,
          'Token:   npm run -s token -- --role agii-medewerker',
        ]),
    'Ctrl-C stops everything (twice to kill).',
    '',
  ];
}

export function notReadyReport(
  pending: ReadonlyMap<ServiceDescriptor, string>,
  timeoutMs: number,
): string[] {
  const width = Math.max(...[...pending.keys()].map((service) => service.name.length));
  return [
    '',
    `Not ready after ${timeoutMs / 1000} s: ${[...pending.keys()].map((s) => s.name).join(', ')}. ` +
      'The mesh keeps running; their logs above and last readiness answers say why:',
    ...[...pending].map(([service, detail]) => `  ${service.name.padEnd(width)}  ${clip(detail)}`),
    '',
  ];
}

export function exitDescription(code: number): string {
  if (code === 78) return 'exit code 78: configuration error, see its message above';
  if (code > 128) return `exit code ${code}: killed by signal ${code - 128}`;
  return `exit code ${code}`;
}

/** A readable reason for a failure, including Node's network errors whose message is empty. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  if (error.message !== '') return error.message;
  if (typeof code === 'string') return code;
  const inner = error instanceof AggregateError ? (error.errors as unknown[])[0] : error.cause;
  return inner === undefined ? error.name : describeError(inner);
}

function clip(detail: string): string {
  const flat = detail.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}
