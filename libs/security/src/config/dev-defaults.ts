/**
 * Defaults for development and tests only: they point at the development token issuer
 * (`npm run dev-issuer`) and use keys that are published here, in the repository, and so
 * protect nothing. The configuration refuses every one of them when NODE_ENV=production.
 */
export const DEV_ISSUER_PORT = 3090;
export const DEV_ISSUER_URL = `http://127.0.0.1:${DEV_ISSUER_PORT}`;
export const DEV_JWKS_URL = `${DEV_ISSUER_URL}/.well-known/jwks.json`;
export const DEV_AUDIENCE = 'toevlucht';

/** INSECURE: sha256("toevlucht insecure development field key"). Development only. */
export const DEV_FIELD_KEY_ID = 'dev-insecure';
export const DEV_FIELD_KEY_BASE64 = 'YJO7wJI8ubc3Nq9bGJU6cUcmHslbQaAVtnmNCvptegk=';

/** INSECURE: sha256("toevlucht insecure development blind index key"). Development only. */
export const DEV_BLIND_INDEX_KEY_BASE64 = 'cLAvq08/JxryJ4oOHT8npdmJzCu6KzTzwTxKG85aCXI=';
