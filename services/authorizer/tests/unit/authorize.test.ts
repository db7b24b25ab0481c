import { JwksTokenVerifier } from '../../src/adapters/jwtVerifier';
import { authorize, stageWildcard } from '../../src/authorize';
import { forgedTokens, signedToken, testIssuer } from '../../../../tests/tokens';

const issuer = testIssuer();
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/GET/result/0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

/** The issuer's documents, served from memory; counts what is fetched. */
function verifier(options: { jwksUri?: string } = {}) {
  const fetched: string[] = [];
  const documents: Record<string, unknown> = {
    [`${issuer.issuer}/.well-known/openid-configuration`]: { issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/keys` },
    [`${issuer.issuer}/keys`]: issuer.jwks,
  };
  const fetchDocument = async (uri: string) => {
    fetched.push(uri);
    if (!(uri in documents)) throw new Error(`404 ${uri}`);
    return new TextEncoder().encode(JSON.stringify(documents[uri])).buffer as ArrayBuffer;
  };
  return {
    fetched,
    verifier: new JwksTokenVerifier(
      { issuer: issuer.issuer, audience: 'image-metadata-pipeline', jwksUri: options.jwksUri ?? null, local: false },
      fetchDocument,
    ),
  };
}

describe('the JWT authorizer', () => {
  it('allows a valid token, with its sub as principal, for every route of the stage (the answer is cached across routes)', async () => {
    const { verifier: v } = verifier();
    const result = await authorize(v, `Bearer ${signedToken(issuer)}`, METHOD_ARN);
    expect(result).toEqual({
      principalId: 'alice',
      context: { sub: 'alice' },
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef123/prod/*' }],
      },
    });
  });

  it('finds the keys through the issuer’s discovery document, once, and caches them', async () => {
    const { verifier: v, fetched } = verifier();
    await authorize(v, `Bearer ${signedToken(issuer)}`, METHOD_ARN);
    await authorize(v, `Bearer ${signedToken(issuer, { sub: 'bob' })}`, METHOD_ARN);
    expect(fetched).toEqual([`${issuer.issuer}/.well-known/openid-configuration`, `${issuer.issuer}/keys`]);
  });

  it('takes AUTH_JWKS_URI instead of discovery when it is set', async () => {
    const { verifier: v, fetched } = verifier({ jwksUri: `${issuer.issuer}/keys` });
    await authorize(v, `Bearer ${signedToken(issuer)}`, METHOD_ARN);
    expect(fetched).toEqual([`${issuer.issuer}/keys`]);
  });

  it.each(Object.entries(forgedTokens(issuer)))('refuses a token %s', async (_name, token) => {
    await expect(authorize(verifier().verifier, `Bearer ${token}`, METHOD_ARN)).rejects.toThrow('Unauthorized');
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', `bearer ${'x'.repeat(10)}`])('refuses the Authorization header %j', async (header) => {
    await expect(authorize(verifier().verifier, header, METHOD_ARN)).rejects.toThrow('Unauthorized');
  });

  it('takes the scheme in any case (RFC 6750: "bearer" is "Bearer")', async () => {
    expect((await authorize(verifier().verifier, `bearer ${signedToken(issuer)}`, METHOD_ARN)).principalId).toBe('alice');
  });

  it('refuses a token without a subject', async () => {
    await expect(authorize(verifier().verifier, `Bearer ${signedToken(issuer, { sub: undefined })}`, METHOD_ARN)).rejects.toThrow('Unauthorized');
  });

  it('allows the whole stage', () => {
    expect(stageWildcard('arn:aws:execute-api:us-east-1:1:api/local/DELETE/result/x')).toBe('arn:aws:execute-api:us-east-1:1:api/local/*');
  });
});
