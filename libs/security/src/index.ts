export { ROLES, isRole, type Role } from './roles';
export type { Principal } from './principal';
export { CurrentPrincipal, Public, Roles, principalOf } from './auth/decorators';
export {
  declarationOf,
  decideAccess,
  type AccessDecision,
  type RouteDeclaration,
} from './auth/access-decision';
export { principalFromClaims, type ClaimSettings } from './auth/claims';
export {
  AuthenticationError,
  AuthenticationUnavailableError,
  type AuthenticationFailure,
} from './auth/authentication-errors';
export { ACCEPTED_ALGORITHMS, remoteKeySet, TokenVerifier } from './auth/token-verifier';
export { SecurityGuard } from './auth/security.guard';
export { RouteDeclarationCheck } from './auth/route-declaration-check';
export { UndeclaredRoutesError } from './auth/route-declarations';
export {
  loadSecurityConfig,
  type FieldEncryptionConfig,
  type OidcConfig,
  type SecurityConfig,
} from './config/security-config';
export * as devDefaults from './config/dev-defaults';
export {
  FieldCipher,
  FieldDecryptionError,
  type FieldDecryptionFailure,
} from './crypto/field-cipher';
export { BlindIndex } from './crypto/blind-index';
export {
  reencryptColumns,
  type ColumnProgress,
  type EncryptedColumns,
  type ReencryptionOptions,
  type ReencryptionReport,
} from './crypto/reencrypt';
export { AuditEntryRejectedError, assertAuditable, type AuditEntry } from './audit/audit-entry';
export {
  ChainVerifier,
  GENESIS_HASH,
  canonicalForm,
  chainRecords,
  hashOf,
  type AuditRecord,
  type ChainBreak,
} from './audit/audit-chain';
export { auditLog } from './audit/audit-log.table';
export { AUDIT_LOG_APPEND_ONLY_SQL } from './audit/append-only.sql';
export { AuditTrail, AUDIT_LOCK_KEY } from './audit/audit-trail';
export { verifyAuditLog, type AuditAnchor, type AuditVerification } from './audit/verify-audit-log';
export {
  DevIssuerRefusedError,
  DevTokenIssuer,
  parseMintRequest,
  type DevIssuerOptions,
  type MintRequest,
} from './dev-issuer/dev-token-issuer';
export { SECURITY_CONFIG, SecurityModule, type SecurityModuleOptions } from './security.module';
export { systemActor, type Actor } from './audit/actor';
export { actorFrom } from './audit/actor-from-request';
