import * as crypto from 'node:crypto';
import { deleteTokenMatches, hashDeleteToken, newDeleteToken } from '../src/deleteToken';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

describe('delete tokens', () => {
  it('are 32 random bytes in base64url, with their SHA-256 as the hash to store', () => {
    const { token, hash } = newDeleteToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toContain(token);
    expect(newDeleteToken().token).not.toBe(token);
  });

  it('match only their own hash, and never a missing or malformed one', () => {
    const { token, hash } = newDeleteToken();
    expect(deleteTokenMatches(token, hash)).toBe(true);
    expect(deleteTokenMatches(`${token}x`, hash)).toBe(false);
    expect(deleteTokenMatches(newDeleteToken().token, hash)).toBe(false);
    expect(deleteTokenMatches(token, undefined)).toBe(false);
    expect(deleteTokenMatches(token, 'abc')).toBe(false);
    expect(hashDeleteToken(token)).toBe(hash);
  });

  it('are compared in constant time', () => {
    const { token, hash } = newDeleteToken();
    jest.mocked(crypto.timingSafeEqual).mockClear();
    deleteTokenMatches(newDeleteToken().token, hash);
    deleteTokenMatches(token, hash);
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(2);
  });
});
