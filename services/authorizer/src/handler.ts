import { JwksTokenVerifier } from './adapters/jwtVerifier';
import { authorize, type AuthorizerResult } from './authorize';
import { readConfig } from './config';
import { createObservability, instrumented } from '@image-pipeline/service-kit/aws';

const config = readConfig();
const verifier = new JwksTokenVerifier(config);
const observability = createObservability('authorizer');
const { logger } = observability;

/**
 * API Gateway's Lambda authorizer (AUTH_MODE=jwt), on every route. It runs outside the VPC: it
 * fetches the issuer's keys over the internet, which the VPC has no route to, and touches no data.
 */
export const handler = instrumented(observability, async (event: { authorizationToken?: string; methodArn: string }): Promise<AuthorizerResult> => {
  try {
    return await authorize(verifier, event.authorizationToken, event.methodArn);
  } catch (error) {
    // Never the token itself: that a caller was refused, and the verifier's reason (an error class
    // and message: "Token expired at …", "Missing Token audience", an unreachable issuer).
    const cause = (error as Error).cause;
    logger.info('Caller refused', { reason: cause instanceof Error ? `${cause.name}: ${cause.message}` : 'no bearer token' });
    throw error;
  }
});
