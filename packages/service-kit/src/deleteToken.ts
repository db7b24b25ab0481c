import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a delete token: 256 bits, so guessing one is hopeless. */
const TOKEN_BYTES = 32;

/**
 * A delete token for a new upload and the hash to store: the token goes to the uploader once and
 * only its SHA-256 is kept, so a leaked table cannot delete anything.
 */
export function newDeleteToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: hashDeleteToken(token) };
}

/** SHA-256 of the token, hex. */
export function hashDeleteToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a presented token matches the stored hash, compared in constant time. */
export function deleteTokenMatches(token: string, storedHash: string | undefined): boolean {
  if (!storedHash) return false;
  const presented = Buffer.from(hashDeleteToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  // Both are SHA-256 digests, so their lengths leak nothing; a malformed stored hash simply fails.
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
