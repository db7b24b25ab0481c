import { decodeAsciiField, decodeText } from '../src/blocks/text';
import { noCamera, reconcileCamera } from '../src/cameraIdentity';

/** What a TIFF ASCII field means: the text before its first NUL, decoded and cleaned as any text. */
const byDefinition = (bytes: Uint8Array, maxLength?: number) => {
  const nul = bytes.indexOf(0);
  return decodeText(nul >= 0 ? bytes.subarray(0, nul) : bytes, maxLength);
};

describe('ASCII fields (decodeAsciiField)', () => {
  const encode = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

  it.each([
    ['Canon', 'Canon'],
    ['  EOS 1000D  \0junk after the NUL', 'EOS 1000D'],
    ['     ', null],
    ['\0Canon', null],
    ['tab\there', 'tab\there'],
    ['bell\x07inside', 'bellinside'],
    ['Caf\xe9', 'Café'],
  ])('reads %j as %j', (field, expected) => {
    expect(decodeAsciiField(encode(field))).toBe(expected);
  });

  it('answers as the general decoding does, on 20,000 seeded fields of every kind (its short printable path included)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(random() * 90);
      const kind = random();
      const bytes = Uint8Array.from({ length }, () => {
        const r = random();
        if (kind < 0.6) return r < 0.15 ? 0x20 : 0x21 + Math.floor(random() * 94); // printable ASCII and spaces
        if (kind < 0.8) return r < 0.05 ? 0 : 0x20 + Math.floor(random() * 95);
        return Math.floor(random() * 256);
      });
      const maxLength = random() < 0.2 ? Math.floor(random() * 40) + 1 : undefined;
      expect(decodeAsciiField(bytes, maxLength)).toBe(byDefinition(bytes, maxLength));
    }
  });
});

describe('the camera facts of a file with no EXIF or XMP (noCamera)', () => {
  it('are what reconcileCamera answers when it has nothing: one shape, every field null', () => {
    const nothing = reconcileCamera({ make: null, model: null, software: null }, null, null);
    expect(noCamera()).toStrictEqual(nothing);
    expect(Object.keys(noCamera())).toEqual(Object.keys(nothing));
  });
});
