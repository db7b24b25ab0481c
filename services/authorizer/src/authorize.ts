import type { TokenVerifier } from './ports';

/** What API Gateway needs back from a Lambda authorizer: who, and which methods they may invoke. */
export interface AuthorizerResult {
  principalId: string;
  policyDocument: { Version: '2012-10-17'; Statement: { Action: 'execute-api:Invoke'; Effect: 'Allow'; Resource: string }[] };
  context: { sub: string };
}

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

/** Thrown for every refusal: API Gateway answers 401 for exactly this message. */
export class Unauthorized extends Error {
  constructor(options?: { cause?: unknown }) {
    super('Unauthorized', options);
    this.name = 'Unauthorized';
  }
}

/**
 * A TOKEN authorizer: allows a caller whose `Authorization: Bearer <JWT>` verifies (signature,
 * issuer, audience, expiry, not-before, algorithm), with the token's `sub` as principal (the
 * services store it as the upload's owner). API Gateway caches the answer per token for a few
 * minutes, for every route of the stage, so the policy allows the whole stage, not one method.
 */
export async function authorize(verifier: TokenVerifier, authorizationToken: string | undefined, methodArn: string): Promise<AuthorizerResult> {
  const token = BEARER.exec(authorizationToken ?? '')?.[1];
  if (!token) throw new Unauthorized();
  let subject: string;
  try {
    ({ subject } = await verifier.verify(token));
  } catch (error) {
    throw new Unauthorized({ cause: error });
  }
  return {
    principalId: subject,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(methodArn) }] },
    context: { sub: subject },
  };
}

/** arn:…:api-id/stage/METHOD/path → arn:…:api-id/stage/* (every route of the stage). */
export function stageWildcard(methodArn: string): string {
  const [api, stage] = methodArn.split('/');
  return `${api}/${stage}/*`;
}
