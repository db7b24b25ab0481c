/**
 * Signed (and forged) JWTs for tests, made with node:crypto alone: a test must be able to make the
 * tokens a real issuer never would (alg none, HS256 keyed with the public key, a foreign key).
 */
import { createHmac, createPrivateKey, createPublicKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TestIssuer {
  issuer: string;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The JWKS the issuer would publish. */
  jwks: { keys: Record<string, unknown>[] };
}

export function testIssuer(issuer = 'https://issuer.example', kid = 'test-key-1'): TestIssuer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { issuer, kid, privateKey, publicKey, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] } };
}

/** An issuer whose private key is in a PEM file (the system tests' local issuer). */
export function issuerFromKeyFile(issuer: string, keyFile: string, kid: string): TestIssuer {
  const privateKey = createPrivateKey(readFileSync(keyFile, 'utf8'));
  const publicKey = createPublicKey(privateKey);
  return { issuer, kid, privateKey, publicKey, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] } };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** An RS256 token from this issuer: `sub` alice, valid an hour, unless `claims` say otherwise. */
export function signedToken(by: TestIssuer, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  const body = `${b64({ alg: 'RS256', typ: 'JWT', kid: by.kid, ...header })}.${b64({ iss: by.issuer, aud: 'image-metadata-pipeline', sub: 'alice', iat: now(), exp: now() + 3600, ...claims })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(by.privateKey).toString('base64url')}`;
}

/** The forgeries a verifier must refuse. */
export function forgedTokens(by: TestIssuer): Record<string, string> {
  const claims = { iss: by.issuer, aud: 'image-metadata-pipeline', sub: 'mallory', exp: now() + 3600 };
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  const hsBody = `${b64({ alg: 'HS256', typ: 'JWT', kid: by.kid })}.${b64(claims)}`;
  const publicPem = by.publicKey.export({ format: 'pem', type: 'spki' });
  const other = testIssuer(by.issuer, by.kid);
  return {
    'alg none': unsigned,
    'HS256 keyed with the public key': `${hsBody}.${createHmac('sha256', publicPem).update(hsBody).digest('base64url')}`,
    'signed by another key with the same kid': signedToken(other, { sub: 'mallory' }),
    expired: signedToken(by, { exp: now() - 120 }),
    'not yet valid': signedToken(by, { nbf: now() + 600 }),
    'of another issuer': signedToken(by, { iss: 'https://elsewhere.example' }),
    'for another audience': signedToken(by, { aud: 'another-app' }),
    malformed: 'not.a-jwt',
  };
}
