import { ACCEPTED_MIME_TYPES, declaredTypeMatches } from '../src';

describe('declaredTypeMatches', () => {
  it.each([
    ['image/heic', 'heif', true],
    ['image/heif', 'avif', true],
    ['image/avif', 'heif', true],
    ['image/jpeg', 'jpeg', true],
    ['image/x-tiff-big', 'tiff', true],
    ['image/tiff', 'tiff', true],
    // A page that could only sniff a NEF's leading bytes declares TIFF; the bytes then say NEF.
    ['image/tiff', 'nef', true],
    ['image/x-nikon-nef', 'nef', true],
    ['image/x-adobe-dng', 'cr2', true],
    ['image/x-canon-cr3', 'cr3', true],
    ['image/x-canon-cr3', 'mp4', false],
    ['image/x-fuji-raf', 'raf', true],
    ['video/quicktime', 'mp4', true],
    ['video/mp4', 'mov', true],
    ['video/mp4', 'jpeg', false],
    ['image/jxl', 'jxl', true],
    ['image/jpeg', 'png', false],
    ['image/webp', 'heif', false],
    ['application/octet-stream', 'jpeg', false],
    ['constructor', 'jpeg', false],
  ] as const)('counts a declared %s as %s: %s', (declared, format, matches) => {
    expect(declaredTypeMatches(declared, format)).toBe(matches);
  });

  it('accepts every type detection can answer, and the names browsers give HEIF and RAW files', () => {
    expect(Object.keys(ACCEPTED_MIME_TYPES).sort()).toEqual(
      [
        'image/jxl',
        'image/x-adobe-dng',
        'image/x-canon-cr2',
        'image/x-canon-cr3',
        'image/x-fuji-raf',
        'image/x-fujifilm-raf',
        'image/x-nikon-nef',
        'image/x-nikon-nrw',
        'image/x-olympus-orf',
        'image/x-panasonic-raw',
        'image/x-panasonic-rw2',
        'image/x-pentax-pef',
        'image/x-sony-arw',
        'video/3gpp',
        'video/3gpp2',
        'video/mp4',
        'video/quicktime',
        'video/x-m4v',
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
