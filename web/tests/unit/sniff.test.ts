import { refusalReason, sniffImageKind } from '../../src/sniff';

const bytes = (...values: (number | string)[]) => Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('sniffing before upload', () => {
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe1)],
    ['PNG', bytes(0x89, 'PNG\r\n\x1a\n')],
    ['GIF', bytes('GIF89a')],
    ['WebP', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['TIFF', bytes('II*', 0)],
    ['HEIF', bytes(0, 0, 0, 24, 'ftypheic')],
    ['AVIF', bytes(0, 0, 0, 24, 'ftypavif')],
    ['BMP', bytes('BM', 0, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0)],
  ])('recognises %s', (kind, head) => {
    expect(sniffImageKind(head)).toBe(kind);
  });

  it.each([
    ['text', bytes('hello world'), 'Not a supported image'],
    ['a PDF', bytes('%PDF-1.7'), 'Not a supported image'],
    ['an MP4', bytes(0, 0, 0, 24, 'ftypisom'), 'Not a supported image'],
    // Where the page's own table once said yes and the server no.
    ['"BM" text', bytes('BM is not a bitmap'), 'Not a supported image'],
    ['a bare "GIF8"', bytes('GIF8'), 'Not a supported image'],
  ])('refuses %s', (_name, head, reason) => {
    expect(refusalReason(head, 100, 1000)).toContain(reason);
  });

  it('refuses empty and oversized files, and accepts the rest', () => {
    expect(refusalReason(new Uint8Array(0), 0, 1000)).toBe('The file is empty.');
    expect(refusalReason(bytes(0xff, 0xd8, 0xff), 60 * 1024 * 1024, 50 * 1024 * 1024)).toBe('Too large: at most 50 MB.');
    expect(refusalReason(bytes(0xff, 0xd8, 0xff), 1000, 1000)).toBeNull();
  });
});
