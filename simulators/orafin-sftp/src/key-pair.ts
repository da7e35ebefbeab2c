import { utils } from 'ssh2';

/**
 * A new ed25519 key pair that ssh2 itself can read. ssh2 1.17's key generator strips leading
 * zero bytes from the public key, so about one pair in 256 is rejected by its own parser
 * (mscdex/ssh2 issue 1513): generate again until both halves parse.
 */
export function generateKeyPair(): { readonly private: string; readonly public: string } {
  for (let attempt = 0; attempt < 32; attempt += 1) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (
      !(utils.parseKey(pair.private) instanceof Error) &&
      !(utils.parseKey(pair.public) instanceof Error)
    ) {
      return pair;
    }
  }
  throw new Error('no usable ed25519 key pair after 32 attempts');
}
