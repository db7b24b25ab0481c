import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { AuthorizerConfig } from '../config';
import type { TokenVerifier } from '../ports';

type Fetch = (uri: string) => Promise<ArrayBuffer>;

const DISCOVERY_TIMEOUT_MS = 3000;

/**
 * Tokens verified by AWS's own verifier, aws-jwt-verify: RS/ES/EdDSA signatures only (so `alg:
 * none` and an HS token signed with the public key are refused), issuer, audience, `exp` and `nbf`;
 * the issuer's JWKS fetched once and cached (and fetched again only for an unknown key id). The JWKS
 * is AUTH_JWKS_URI, else the `jwks_uri` of the issuer's OpenID Connect discovery document.
 */
export class JwksTokenVerifier implements TokenVerifier {
  private verifier: Promise<ReturnType<typeof createVerifier>> | null = null;

  constructor(
    private readonly config: AuthorizerConfig,
    /** How documents are fetched: aws-jwt-verify's own HTTPS fetcher, except for the local issuer (plain HTTP). */
    private readonly fetchDocument: Fetch | null = config.local ? plainFetch : null,
  ) {}

  async verify(token: string): Promise<{ subject: string }> {
    this.verifier ??= this.build().catch((error: unknown) => {
      this.verifier = null; // the next request tries discovery again
      throw error;
    });
    const payload = await (await this.verifier).verify(token);
    if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('The token has no subject');
    return { subject: payload.sub };
  }

  private async build() {
    const jwksUri = this.config.jwksUri ?? (await this.discoverJwksUri());
    const fetcher = this.fetchDocument;
    const jwksCache = fetcher ? new SimpleJwksCache({ fetcher: { fetch: (uri: string) => fetcher(uri) } }) : undefined;
    return createVerifier(this.config, jwksUri, jwksCache);
  }

  private async discoverJwksUri(): Promise<string> {
    const url = `${this.config.issuer}/.well-known/openid-configuration`;
    const body = this.fetchDocument ? await this.fetchDocument(url) : await plainFetch(url);
    const document = JSON.parse(new TextDecoder().decode(body)) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== this.config.issuer || typeof document.jwks_uri !== 'string')
      throw new Error(`The discovery document at ${url} is not this issuer's`);
    if (!document.jwks_uri.startsWith('https://') && !this.config.local) throw new Error('The JWKS must be served over HTTPS');
    return document.jwks_uri;
  }
}

function createVerifier(config: AuthorizerConfig, jwksUri: string, jwksCache: SimpleJwksCache | undefined) {
  return JwtVerifier.create({ issuer: config.issuer, audience: config.audience, jwksUri }, jwksCache ? { jwksCache } : undefined);
}

async function plainFetch(uri: string): Promise<ArrayBuffer> {
  const response = await fetch(uri, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${uri} answered ${response.status}`);
  return response.arrayBuffer();
}
