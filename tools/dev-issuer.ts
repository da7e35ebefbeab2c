import { DevIssuerRefusedError, DevTokenIssuer, devDefaults } from '@toevlucht/security';
import { print } from './cli-options';

/**
 * `npm run dev-issuer`: the development token issuer on 127.0.0.1:3090 (DEV_ISSUER_PORT), the
 * issuer every service trusts by default outside production. Mint tokens with `npm run token`.
 * Refuses to start with NODE_ENV=production. Its signing key lives as long as the process.
 * DEV_ISSUER_HOST (127.0.0.1) is 0.0.0.0 in a container; its tokens' `iss` is then
 * http://0.0.0.0:<port>, which is what OIDC_ISSUER says in deploy/compose/env/oidc.env.
 */
async function main(): Promise<void> {
  const port = Number(process.env['DEV_ISSUER_PORT'] ?? devDefaults.DEV_ISSUER_PORT);
  const issuer = await DevTokenIssuer.start({
    port,
    host: process.env['DEV_ISSUER_HOST'] ?? '127.0.0.1',
    ...(process.env['OIDC_AUDIENCE'] === undefined
      ? {}
      : { audience: process.env['OIDC_AUDIENCE'] }),
    ...(process.env['OIDC_ROLES_CLAIM'] === undefined
      ? {}
      : { rolesClaim: process.env['OIDC_ROLES_CLAIM'] }),
    ...(process.env['OIDC_NIS_CLAIM'] === undefined
      ? {}
      : { nisClaim: process.env['OIDC_NIS_CLAIM'] }),
  });
  print(`development token issuer (INSECURE: mints any role for anyone) at ${issuer.url}`);
  print(`  JWKS       ${issuer.jwksUrl}`);
  print(`  discovery  ${issuer.url}/.well-known/openid-configuration`);
  print(`  tokens     npm run -s token -- --role gemeentelijk-coordinator --nis 44021`);
  const stop = () => void issuer.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`dev-issuer: ${(error as Error).message}\n`);
  process.exit(error instanceof DevIssuerRefusedError ? 78 : 1);
});
