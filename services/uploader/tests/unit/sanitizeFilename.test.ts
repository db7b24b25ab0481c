import { MAX_FILENAME_BYTES, sanitizeFilename } from '../../src/sanitizeFilename';

describe('sanitizeFilename', () => {
  it.each([
    ['photo.jpg', 'photo.jpg'],
    ['Zoë – été 写真 😀.jpg', 'Zoë – été 写真 😀.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\Desktop\\IMG_0001.JPG', 'IMG_0001.JPG'],
    ['evil\r\nname.jpg', 'evilname.jpg'],
    ['tab\there\u0000.jpg', 'tabhere.jpg'],
    ['..', 'unnamed'],
    ['', 'unnamed'],
    [undefined, 'unnamed'],
    ['dir/', 'unnamed'],
  ])('turns %j into %j', (raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it('cuts long names to 255 bytes on a character boundary', () => {
    const name = `${'写'.repeat(100)}.jpg`; // 300 bytes + 4
    const cut = sanitizeFilename(name);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(cut).toBe('写'.repeat(85));
    expect(sanitizeFilename(`${'😀'.repeat(70)}`)).toBe('😀'.repeat(63));
  });
});
