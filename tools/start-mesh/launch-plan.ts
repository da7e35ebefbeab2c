import { LOCAL_POSTGRES_SERVER_URL, type ServiceDescriptor } from '@toevlucht/config';

/** A mistake in how the launcher was called; reported without a stack trace. */
export class UsageError extends Error {}

/**
 * Which services to start: all of them, or the ones named by `--only a,b` (or `--only=a,b`),
 * in catalogue order so the logs and the summary always list them the same way.
 */
export function selectServices(
  argv: readonly string[],
  catalog: readonly ServiceDescriptor[],
): readonly ServiceDescriptor[] {
  const names = onlyList(argv);
  if (names === undefined) return catalog;
  const known = catalog.map((service) => service.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown service${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${known.join(', ')}`,
    );
  }
  return catalog.filter((service) => names.includes(service.name));
}

function onlyList(argv: readonly string[]): string[] | undefined {
  const [flag, ...rest] = argv;
  if (flag === undefined) return undefined;
  let value: string | undefined;
  if (flag.startsWith('--only=') && rest.length === 0) value = flag.slice('--only='.length);
  else if (flag === '--only' && rest.length <= 1) value = rest[0];
  else throw new UsageError(`unexpected arguments '${argv.join(' ')}'; usage: [--only a,b]`);
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--only needs a comma-separated list of services');
  return names;
}

/** Variables that configure one service; a single value given to all seven would collide. */
const PER_SERVICE_VARIABLES = ['PORT', 'DATABASE_URL'] as const;

export function ignoredVariables(env: NodeJS.ProcessEnv): string[] {
  return PER_SERVICE_VARIABLES.filter((name) => env[name] !== undefined);
}

/**
 * The launcher's environment minus what must differ per service, plus the service's own
 * database on the shared server (POSTGRES_URL, by default the local one). NODE_OPTIONS is
 * dropped too: a flag meant for the launcher (an inspector port, a loader) breaks seven children.
 */
export function childEnvironment(
  service: ServiceDescriptor,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...env };
  for (const name of [...PER_SERVICE_VARIABLES, 'NODE_OPTIONS']) delete childEnv[name];
  if (service.database !== null) {
    const server = (env['POSTGRES_URL'] ?? LOCAL_POSTGRES_SERVER_URL).replace(/\/+$/, '');
    childEnv['DATABASE_URL'] = `${server}/${service.database}`;
  }
  return childEnv;
}
