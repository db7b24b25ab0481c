import { declaredMimeType, refusalReason, sniffImageKind } from '../../src/sniff';

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
    ['Canon CR2', bytes('II*', 0, 16, 0, 0, 0, 'CR', 2, 0)],
    ['Olympus ORF', bytes('IIRO', 8, 0, 0, 0)],
    ['Fujifilm RAF', bytes('FUJIFILMCCD-RAW 0201')],
    ['Canon CR3', bytes(0, 0, 0, 24, 'ftypcrx ')],
    ['JPEG XL', bytes(0xff, 0x0a, 0xfa)],
    ['QuickTime movie', bytes(0, 0, 0, 20, 'ftypqt  ')],
    ['MP4 video', bytes(0, 0, 0, 24, 'ftypisom')],
  ])('recognises %s', (kind, head) => {
    expect(sniffImageKind(head)).toBe(kind);
  });

  it.each([
    ['text', bytes('hello world'), 'Not a supported image'],
    ['a PDF', bytes('%PDF-1.7'), 'Not a supported image'],
    ['an M4A (audio)', bytes(0, 0, 0, 24, 'ftypM4A '), 'Not a supported image'],
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

describe('the type a file is declared as', () => {
  it('keeps a type the server accepts, and otherwise names what the bytes are', () => {
    expect(declaredMimeType('image/x-nikon-nef', bytes('MM', 0, 42))).toBe('image/x-nikon-nef');
    // Browsers give most RAW files no type: a NEF's leading bytes say TIFF (the server reads on, by family).
    expect(declaredMimeType('', bytes('MM', 0, 42))).toBe('image/tiff');
    expect(declaredMimeType('', bytes(0, 0, 0, 24, 'ftypcrx '))).toBe('image/x-canon-cr3');
    expect(declaredMimeType('application/octet-stream', bytes('FUJIFILMCCD-RAW '))).toBe('image/x-fujifilm-raf');
    expect(declaredMimeType('', bytes('hello'))).toBe('application/octet-stream');
  });
});
