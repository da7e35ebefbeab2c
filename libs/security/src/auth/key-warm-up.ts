import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@toevlucht/observability';
import { TokenVerifier } from './token-verifier';

/**
 * Fetches the identity provider's keys when the application starts, without holding the start
 * up: a provider that is down must not keep the service (and its public routes and health)
 * from starting. Until the keys come, token routes answer 503 and fetch again on each request
 * (bounded by the key set's cooldown).
 */
@Injectable()
export class KeyWarmUp implements OnApplicationBootstrap {
  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.verifier.warmUp().then((fetched) => {
      if (!fetched) {
        this.logger.warn(
          'identity provider keys not reachable at start (OIDC_JWKS_URL); token routes answer 503 until they are',
        );
      }
    });
  }
}
