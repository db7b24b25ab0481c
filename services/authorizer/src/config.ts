import { requireString } from '@image-pipeline/service-kit';

/** The authorizer's configuration (AUTH_MODE=jwt), read and validated once at cold start. */
export interface AuthorizerConfig {
  /** The OpenID Connect issuer: the `iss` every token must carry (AUTH_ISSUER). */
  issuer: string;
  /** The audience every token must carry in `aud` (AUTH_AUDIENCE). */
  audience: string;
  /** Where the issuer's signing keys are (AUTH_JWKS_URI); else found from its discovery document. */
  jwksUri: string | null;
  /** Under serverless-offline: the local development issuer speaks plain HTTP on localhost. */
  local: boolean;
}

export function readConfig(env: Record<string, string | undefined> = process.env): AuthorizerConfig {
  return {
    issuer: requireString(env, 'AUTH_ISSUER').replace(/\/+$/, ''),
    audience: requireString(env, 'AUTH_AUDIENCE'),
    jwksUri: env.AUTH_JWKS_URI?.trim() || null,
    local: env.IS_OFFLINE === 'true',
  };
}
