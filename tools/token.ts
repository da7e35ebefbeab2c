import { devDefaults } from '@toevlucht/security';
import { fail, option, options, print } from './cli-options';

const USAGE = `usage: npm run -s token -- --role <role> [--role <role>…] [--nis <5 digits>] [--sub <subject>] [--ttl <seconds>] [--issuer <url>]

Prints a bearer token from the running development token issuer (npm run dev-issuer).
roles: agii-medewerker, centrale-validator, gemeentelijk-coordinator (needs --nis), rapportering, beheerder`;

/**
 * `npm run -s token -- --role gemeentelijk-coordinator --nis 44021`: asks the running
 * development issuer (DEV_ISSUER_URL, default http://127.0.0.1:3090) for a token and prints it.
 * It does not start an issuer of its own: a token signed by a key that died with this command
 * would verify nowhere.
 */
async function main(argv: string[]): Promise<number> {
  const roles = options(argv, '--role').flatMap((role) => role.split(','));
  if (argv.includes('--help') || roles.length === 0) return fail(USAGE, 64);
  const issuer =
    option(argv, '--issuer') ?? process.env['DEV_ISSUER_URL'] ?? devDefaults.DEV_ISSUER_URL;
  const ttl = option(argv, '--ttl');
  const body = {
    roles,
    ...(option(argv, '--nis') === undefined ? {} : { nis: option(argv, '--nis') }),
    ...(option(argv, '--sub') === undefined ? {} : { sub: option(argv, '--sub') }),
    ...(ttl === undefined ? {} : { ttl: Number(ttl) }),
  };
  let response: Response;
  try {
    response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    return fail(
      `No development token issuer answers at ${issuer}; start one with: npm run dev-issuer`,
      69,
    );
  }
  const answer = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || answer.access_token === undefined) {
    return fail(
      `token: ${answer.error_description ?? `the issuer answered ${response.status}`}`,
      65,
    );
  }
  print(answer.access_token);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`token: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
