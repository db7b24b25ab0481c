import { ACCEPTED_MIME_TYPES, declaredTypeMatches } from '../src';

describe('declaredTypeMatches', () => {
  it.each([
    ['image/heic', 'heif', true],
    ['image/heif', 'avif', true],
    ['image/avif', 'heif', true],
    ['image/jpeg', 'jpeg', true],
    ['image/x-tiff-big', 'tiff', true],
    ['image/tiff', 'tiff', true],
    ['image/jpeg', 'png', false],
    ['image/webp', 'heif', false],
    ['application/octet-stream', 'jpeg', false],
    ['constructor', 'jpeg', false],
  ] as const)('counts a declared %s as %s: %s', (declared, format, matches) => {
    expect(declaredTypeMatches(declared, format)).toBe(matches);
  });

  it('accepts every type detection can answer, and the names browsers give HEIF files', () => {
    expect(Object.keys(ACCEPTED_MIME_TYPES).sort()).toEqual(
      [
        'image/avif',
        'image/bmp',
        'image/gif',
        'image/heic',
        'image/heic-sequence',
        'image/heif',
        'image/heif-sequence',
        'image/jpeg',
        'image/png',
        'image/tiff',
        'image/webp',
        'image/x-tiff-big',
      ].sort(),
    );
  });
});
