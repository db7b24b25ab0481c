import { createLogger } from '@image-pipeline/service-kit';
import { JwksTokenVerifier } from './adapters/jwtVerifier';
import { authorize, type AuthorizerResult } from './authorize';
import { readConfig } from './config';

const config = readConfig();
const verifier = new JwksTokenVerifier(config);
const logger = createLogger('authorizer');

/**
 * API Gateway's Lambda authorizer (AUTH_MODE=jwt), on every route. It runs outside the VPC: it
 * fetches the issuer's keys over the internet, which the VPC has no route to, and touches no data.
 */
export async function handler(event: { authorizationToken?: string; methodArn: string }): Promise<AuthorizerResult> {
  try {
    return await authorize(verifier, event.authorizationToken, event.methodArn);
  } catch (error) {
    // Never the token itself: that a caller was refused, and the verifier's reason (an error class
    // and message: "Token expired at …", "Missing Token audience", an unreachable issuer).
    const cause = (error as Error).cause;
    logger.info('Caller refused', { reason: cause instanceof Error ? `${cause.name}: ${cause.message}` : 'no bearer token' });
    throw error;
  }
}
