// A token issuer for local development only (never deployed): an OpenID Connect discovery document
// and JWKS, and POST /token {"sub": "alice"} → {"token": "…"}, an RS256 JWT for the configured
// audience, valid an hour, signed with a key made at start. `AUTH_MODE=jwt npm run dev` starts it;
// the system tests use it too.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const MAX_BODY_BYTES = 4096;
const TOKEN_SECONDS = 3600;

/**
 * @param {{ port: number, audience: string, host?: string, keyFile?: string, kid?: string }} options  keyFile: an RSA private key (PEM) to sign
 *   with instead of a fresh one, so that the system tests can also make the tokens this issuer refuses to (expired, another audience).
 * @returns {Promise<{ url: string, stop: () => Promise<void>, token: (sub: string, claims?: Record<string, unknown>) => Promise<string> }>}
 */
export async function startTokenIssuer({ port, audience, host = 'localhost', keyFile, kid = `local-${Date.now().toString(36)}` }) {
  const url = `http://${host}:${port}`;
  const { privateKey, publicKey } = keyFile ? keyPairFrom(readFileSync(keyFile, 'utf8')) : await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const token = (sub, claims = {}) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(url)
      .setAudience(audience)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_SECONDS}s`)
      .sign(privateKey);

  const server = createServer(async (request, response) => {
    const send = (status, body) => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Content-Type' });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? '/', url).pathname;
    if (request.method === 'OPTIONS') return send(204, {});
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: url,
        jwks_uri: `${url}/.well-known/jwks.json`,
        token_endpoint: `${url}/token`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (request.method === 'GET' && path === '/.well-known/jwks.json') return send(200, { keys: [jwk] });
    if (request.method === 'POST' && path === '/token') {
      let body = '';
      for await (const chunk of request) {
        body += chunk;
        if (body.length > MAX_BODY_BYTES) return send(413, { error: 'The body is too large.' });
      }
      let sub;
      try {
        ({ sub } = JSON.parse(body));
      } catch {
        return send(400, { error: 'Send JSON: {"sub": "alice"}.' });
      }
      if (typeof sub !== 'string' || !/^[\w.@-]{1,128}$/.test(sub))
        return send(400, { error: '"sub" must be a name of 1 to 128 letters, digits, dots, @, _ or -.' });
      return send(200, { token: await token(sub), expiresIn: TOKEN_SECONDS });
    }
    send(404, { error: 'Not found.' });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { url, token, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function keyPairFrom(pem) {
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
