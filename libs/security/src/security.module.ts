import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import type { JWTVerifyGetKey } from 'jose';
import { HealthController, MetricsController } from '@toevlucht/observability';
import { AuditTrail } from './audit/audit-trail';
import { KeyWarmUp } from './auth/key-warm-up';
import { RouteDeclarationCheck } from './auth/route-declaration-check';
import { OPEN_CONTROLLERS, SecurityGuard } from './auth/security.guard';
import { remoteKeySet, TokenVerifier } from './auth/token-verifier';
import { loadSecurityConfig, type SecurityConfig } from './config/security-config';
import { BlindIndex } from './crypto/blind-index';
import { FieldCipher } from './crypto/field-cipher';

export const SECURITY_CONFIG = Symbol('SECURITY_CONFIG');

export interface SecurityModuleOptions {
  /** The configuration; by default read from the environment (`env`, else process.env) at start. */
  readonly config?: SecurityConfig;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Controllers open to everyone without a declaration, besides health and metrics (whose
   * routes live in libs/observability, which cannot know about roles).
   */
  readonly openControllers?: readonly Type<unknown>[];
  /** The token signing keys; by default the JWKS at OIDC_JWKS_URL. */
  readonly keys?: JWTVerifyGetKey;
}

/**
 * Authentication, authorisation and protection of personal data for one service: the global
 * deny-by-default guard, the start-up check that every route declares its roles, and the
 * FieldCipher, BlindIndex, AuditTrail and TokenVerifier providers. The configuration is read
 * when the application is created, so a bad variable fails the start as a ConfigError.
 */
@Global()
@Module({})
export class SecurityModule {
  static forRoot(options: SecurityModuleOptions = {}): DynamicModule {
    const open = new Set<Type<unknown>>([
      HealthController,
      MetricsController,
      ...(options.openControllers ?? []),
    ]);
    return {
      module: SecurityModule,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: SECURITY_CONFIG,
          useFactory: () => options.config ?? loadSecurityConfig(options.env ?? process.env),
        },
        { provide: OPEN_CONTROLLERS, useValue: open },
        {
          provide: TokenVerifier,
          inject: [SECURITY_CONFIG],
          useFactory: (config: SecurityConfig) =>
            new TokenVerifier(config.oidc, options.keys ?? remoteKeySet(config.oidc.jwksUrl)),
        },
        {
          provide: FieldCipher,
          inject: [SECURITY_CONFIG],
          useFactory: (config: SecurityConfig) => new FieldCipher(config.fieldEncryption),
        },
        {
          provide: BlindIndex,
          inject: [SECURITY_CONFIG],
          useFactory: (config: SecurityConfig) => new BlindIndex(config.blindIndexKey),
        },
        { provide: AuditTrail, useFactory: () => new AuditTrail() },
        { provide: APP_GUARD, useClass: SecurityGuard },
        RouteDeclarationCheck,
        KeyWarmUp,
      ],
      exports: [SECURITY_CONFIG, TokenVerifier, FieldCipher, BlindIndex, AuditTrail],
    };
  }
}
