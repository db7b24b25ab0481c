import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { bytesSource, extractMetadata } from '../src';
import { splitMwgList } from '../src/descriptive';
import { MAX_XMP_DEPTH, readXmp } from '../src/blocks/xmp';
import { exifBlock, TYPE } from './fixtures/exifBlock';
import { heif, iccProfile, iptcBlock, jpeg, jpegSegment, photoshopSegment, png, pngChunk, xmpSegment } from './fixtures/images';
import { rawProfileBytes } from '../src/containers/png';
import { MAX_METADATA_BLOCK_BYTES } from '../src/limits';

const extract = (bytes: Uint8Array) => extractMetadata(bytesSource(bytes));
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

const xmp = (body: string, attributes = '') => `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" ${attributes}>${body}</rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
const keywordsXmp = (...keywords: string[]) => `<dc:subject><rdf:Bag>${keywords.map((k) => `<rdf:li>${k}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`;

describe('descriptive metadata from XMP', () => {
  it('reads title and caption (x-default first), keywords, creators and rating, in element or attribute form', async () => {
    const packet = xmp(
      `<dc:title><rdf:Alt><rdf:li xml:lang="de">Titel</rdf:li><rdf:li xml:lang="x-default">Title</rdf:li></rdf:Alt></dc:title>
       <dc:description><rdf:Alt><rdf:li xml:lang="x-default">A caption &amp; more</rdf:li></rdf:Alt></dc:description>
       ${keywordsXmp('alps', 'snow')}
       <dc:creator><rdf:Seq><rdf:li>Ann</rdf:li><rdf:li>Bo</rdf:li></rdf:Seq></dc:creator>`,
      'xmp:Rating="4"',
    );
    const metadata = await extract(jpeg({ width: 8, height: 8, segments: [xmpSegment(packet)] }));
    expect(metadata.descriptive).toEqual({ title: 'Title', description: 'A caption & more', keywords: ['alps', 'snow'], rating: 4, creator: ['Ann', 'Bo'] });
  });

  it('reads XMP from every container that has a standard place for it', async () => {
    const packet = xmp(keywordsXmp('everywhere'));
    const heifFile = heif({ width: 8, height: 8, exif: exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Apple' }] }), xmp: packet });
    const heifMetadata = await extract(heifFile);
    expect(heifMetadata.descriptive.keywords).toEqual(['everywhere']);
    expect(heifMetadata.camera.make).toBe('Apple');
    const tiff = exifBlock({
      ifd0: [
        { tag: 0x0100, type: TYPE.SHORT, value: [8] },
        { tag: 0x0101, type: TYPE.SHORT, value: [8] },
        { tag: 0x02bc, type: TYPE.UNDEFINED, value: new TextEncoder().encode(packet) },
      ],
    });
    expect((await extract(tiff)).descriptive.keywords).toEqual(['everywhere']);
  });

  it("reads a HEIC's own XMP item, not the one of its HDR gain map listed before it (iref cdsc)", async () => {
    const gainMap = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:HDRGainMap="http://ns.apple.com/HDRGainMap/1.0/" HDRGainMap:HDRGainMapVersion="65536"/></rdf:RDF></x:xmpmeta>`;
    const metadata = await extract(heif({ width: 8, height: 8, xmp: xmp(keywordsXmp('the photo')), gainMapXmp: gainMap }));
    expect(metadata.descriptive.keywords).toEqual(['the photo']);
  });

  it('ignores a "billion laughs" packet: no entity is expanded, nothing is read, a warning says why', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>
      <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol9;</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`;
    const metadata = await extract(jpeg({ width: 8, height: 8, segments: [xmpSegment(laughs)] }));
    expect(metadata.descriptive.title).toBeNull();
    expect(metadata.warnings).toEqual([expect.stringMatching(/^XMP ignored: /)]);
    expect(Buffer.byteLength(JSON.stringify(metadata))).toBeLessThan(4096);
  });

  it.each([
    ['UTF-16BE with a byte-order mark', 'utf-16be', true],
    ['UTF-16LE with a byte-order mark', 'utf-16le', true],
    ['UTF-16BE without one', 'utf-16be', false],
    ['UTF-16LE without one', 'utf-16le', false],
  ])('reads a packet in %s', async (_name, encoding, bom) => {
    const text = `${bom ? '\uFEFF' : ''}${xmp(keywordsXmp('Genève', '東京'))}${' '.repeat(100)}`;
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(i * 2, text.charCodeAt(i), encoding === 'utf-16le');
    const segment = jpegSegment(0xe1, Uint8Array.from([...new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0'), ...bytes]));
    const metadata = await extract(jpeg({ width: 8, height: 8, segments: [segment] }));
    expect(metadata.descriptive.keywords).toEqual(['Genève', '東京']);
    expect(metadata.warnings).toBeUndefined();
  });

  it('keeps a caption longer than 1,024 characters whole, as ExifTool does', async () => {
    const caption = 'A long news caption. '.repeat(150).trim();
    const packet = xmp(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${caption}</rdf:li></rdf:Alt></dc:description>`);
    expect((await extract(jpeg({ width: 8, height: 8, segments: [xmpSegment(packet)] }))).descriptive.description).toBe(caption);
  });

  it('reads a qualified value (rdf:value) and ignores Dublin Core nested inside another property, as ExifTool does', async () => {
    const packet = xmp(`<dc:title rdf:parseType="Resource"><rdf:value>Resource title</rdf:value></dc:title>
      <dc:description><rdf:Description><rdf:value>Nested caption</rdf:value></rdf:Description></dc:description>
      <xmpMM:History xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"><rdf:Seq><rdf:li><rdf:Description dc:creator="not the creator"><dc:subject>not a keyword</dc:subject></rdf:Description></rdf:li></rdf:Seq></xmpMM:History>`);
    const metadata = await extract(jpeg({ width: 8, height: 8, segments: [xmpSegment(packet)] }));
    expect(metadata.descriptive).toEqual({ title: 'Resource title', description: 'Nested caption', keywords: null, rating: null, creator: null });
  });

  it('ignores what follows the packet trailer (a stale copy of the packet tail some writers leave)', async () => {
    const packet = `${xmp(keywordsXmp('kept'))}\n  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="r"?>`;
    const metadata = await extract(jpeg({ width: 8, height: 8, segments: [xmpSegment(packet)] }));
    expect(metadata.descriptive.keywords).toEqual(['kept']);
    expect(metadata.warnings).toBeUndefined();
  });

  it('skips the parse of a packet that cannot hold a property read here, and parses one that can', () => {
    const noDublinCore = (body: string) =>
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/">${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;
    const encode = (text: string) => new TextEncoder().encode(text);
    // Malformed, but with nothing to find: not parsed, so nothing to complain about.
    expect(readXmp(encode(noDublinCore('<tiff:Make>Canon</tiff:Mak>')))).toEqual({
      title: null,
      description: null,
      subject: null,
      creator: null,
      rating: null,
      lens: null,
      serialNumber: null,
      dateCreated: null,
    });
    // Dublin Core declared for a dc:format alone (as Photoshop and Lightroom write it): nothing to find either.
    const formatOnly = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>image/jpeg</dc:forma></rdf:Description></rdf:RDF></x:xmpmeta>`;
    expect(readXmp(encode(formatOnly)).title).toBeNull();
    // With a title beside it, the same damage is found.
    expect(() => readXmp(encode(formatOnly.replace('<dc:format>', '<dc:title>x</dc:title><dc:format>')))).toThrow();
    // The same damage where a rating could be: parsed, and refused.
    expect(() => readXmp(encode(noDublinCore('<xmp:Rating xmlns:xmp="http://ns.adobe.com/xap/1.0/">3</xmp:Ratin>')))).toThrow();
    expect(readXmp(encode(noDublinCore('<xmp:Rating xmlns:xmp="http://ns.adobe.com/xap/1.0/">3</xmp:Rating>'))).rating).toBe(3);
    // The lens, the serial number and the date are read too (camera and capture time fall back on them).
    const camera = readXmp(
      encode(
        noDublinCore(
          '<aux:Lens xmlns:aux="http://ns.adobe.com/exif/1.0/aux/">EF24-105mm f/4L IS USM</aux:Lens><aux:SerialNumber xmlns:aux="http://ns.adobe.com/exif/1.0/aux/">0123</aux:SerialNumber><photoshop:DateCreated xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">2019-10-26T16:07:24+02:00</photoshop:DateCreated>',
        ),
      ),
    );
    expect(camera).toMatchObject({ lens: 'EF24-105mm f/4L IS USM', serialNumber: '0123', dateCreated: '2019-10-26T16:07:24+02:00' });
  });

  it('resolves names by their namespace, whatever the prefix and wherever it is declared', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const packet = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<r:Description xmlns:d="http://purl.org/dc/elements/1.1/" xmlns:xap="http://ns.adobe.com/xap/1.0/" xap:Rating="4">
<d:title><r:Alt><r:li xml:lang="fr">Titre</r:li><r:li xml:lang="x-default">Title</r:li></r:Alt></d:title>
<subject xmlns="http://purl.org/dc/elements/1.1/"><r:Bag><r:li>one</r:li><r:li>two</r:li></r:Bag></subject>
<d:description xmlns:d="http://example.com/not-dc/">not Dublin Core here</d:description>
<unbound:thing>ignored</unbound:thing>
</r:Description></r:RDF></x:xmpmeta>`;
    expect(readXmp(encode(packet))).toMatchObject({ title: 'Title', subject: ['one', 'two'], rating: 4, description: null });
  });

  it(`refuses XMP nested deeper than ${MAX_XMP_DEPTH} levels and packets over ${MAX_METADATA_BLOCK_BYTES} bytes`, () => {
    // Nested inside a property read here: a packet without one is not parsed at all.
    const deep = xmp(`${'<dc:subject>'.repeat(MAX_XMP_DEPTH)}${'</dc:subject>'.repeat(MAX_XMP_DEPTH)}`);
    expect(() => readXmp(new TextEncoder().encode(deep))).toThrow(/deeper/);
    expect(() => readXmp(new Uint8Array(MAX_METADATA_BLOCK_BYTES + 1))).toThrow(/over the/);
  });
});

describe('PNG text chunks that ExifTool reads', () => {
  const text = (keyword: string, body: string) => pngChunk('tEXt', new TextEncoder().encode(`${keyword}\0${body}`));
  const compressed = (keyword: string, body: Uint8Array | string) =>
    pngChunk(
      'zTXt',
      Uint8Array.from([...new TextEncoder().encode(`${keyword}\0\0`), ...deflateSync(typeof body === 'string' ? new TextEncoder().encode(body) : body)]),
    );
  /** ImageMagick's "Raw profile type …" text: name, length, then the bytes in hex, 72 digits a line. */
  const rawProfile = (name: string, bytes: Uint8Array) =>
    `\n${name}\n${String(bytes.length).padStart(8)}\n${Buffer.from(bytes)
      .toString('hex')
      .replace(/(.{72})/g, '$1\n')}\n`;

  it('reads XMP from a tEXt or zTXt chunk keyed XML:com.adobe.xmp, as well as iTXt', async () => {
    for (const chunk of [text('XML:com.adobe.xmp', xmp(keywordsXmp('plain'))), compressed('XML:com.adobe.xmp', xmp(keywordsXmp('plain')))]) {
      expect((await extract(png({ width: 8, height: 8, chunks: [chunk] }))).descriptive.keywords).toEqual(['plain']);
    }
  });

  it("reads ImageMagick raw profiles: EXIF, ICC, bare IPTC and XMP (IPTC outside its standard place gives only the title, as ExifTool's MWG mode has it)", async () => {
    const exif = exifBlock({ ifd0: [{ tag: 0x0131, type: TYPE.ASCII, value: 'Adobe Photoshop CS2 Macintosh' }] });
    const chunks = [
      compressed('Raw profile type exif', rawProfile('exif', Uint8Array.from([...new TextEncoder().encode('Exif\0\0'), ...exif]))),
      compressed('Raw profile type icc', rawProfile('icc', iccProfile('sRGB built-in'))),
      text(
        'Raw profile type iptc',
        rawProfile(
          'iptc',
          iptcBlock([
            [2, 5, 'IPTC title'],
            [2, 80, 'Ann'],
            [2, 120, 'A caption'],
          ]),
        ),
      ),
    ];
    const metadata = await extract(png({ width: 8, height: 8, chunks }));
    expect(metadata.camera.software).toBe('Adobe Photoshop CS2 Macintosh');
    expect(metadata.image.iccProfileDescription).toBe('sRGB built-in');
    // ExifTool 12.57 on these bytes: IPTC:ObjectName "IPTC title", and no MWG Description or Creator.
    expect(metadata.descriptive).toEqual({ title: 'IPTC title', description: null, keywords: null, rating: null, creator: null });
    const xmpProfile = compressed(
      'Raw profile type xmp',
      rawProfile(
        'xmp',
        new TextEncoder().encode(
          xmp(
            '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Raw</rdf:li></rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>Bo</rdf:li></rdf:Seq></dc:creator>',
          ),
        ),
      ),
    );
    expect((await extract(png({ width: 8, height: 8, chunks: [...chunks, xmpProfile] }))).descriptive).toMatchObject({ title: 'Raw', creator: ['Bo'] });
  });

  it("weighs a TIFF's IPTC only from tag 33723, not from its Photoshop resources, as ExifTool's MWG mode does", async () => {
    const iptc = iptcBlock([
      [2, 5, 'Title'],
      [2, 120, 'Caption'],
    ]);
    const dimensions = [
      { tag: 0x0100, type: TYPE.SHORT, value: [8] },
      { tag: 0x0101, type: TYPE.SHORT, value: [8] },
    ];
    const standard = exifBlock({ ifd0: [...dimensions, { tag: 0x83bb, type: TYPE.UNDEFINED, value: iptc }] });
    expect((await extract(standard)).descriptive).toMatchObject({ title: 'Title', description: 'Caption' });
    const resource = Uint8Array.from([...new TextEncoder().encode('8BIM'), 0x04, 0x04, 0, 0, 0, 0, 0, iptc.length, ...iptc, ...(iptc.length & 1 ? [0] : [])]);
    const inPhotoshop = exifBlock({ ifd0: [...dimensions, { tag: 0x8649, type: TYPE.UNDEFINED, value: resource }] });
    expect((await extract(inPhotoshop)).descriptive).toMatchObject({ title: null, description: null });
  });

  it('ignores a raw profile whose hex is shorter than its stated length', () => {
    expect(rawProfileBytes(new TextEncoder().encode('\nexif\n      10\n0102'))).toBeNull();
    expect(rawProfileBytes(new TextEncoder().encode('\nexif\n       2\n01\n02'))).toEqual(Uint8Array.from([1, 2]));
    // ExifTool's own writer names its IPTC profile "IPTC profile".
    expect(rawProfileBytes(new TextEncoder().encode('\nIPTC profile\n       2\n0a0b\n'))).toEqual(Uint8Array.from([10, 11]));
  });
});

describe('descriptive metadata from IPTC-IIM', () => {
  it('finds an APP13 written between the frame header and the scan, as ExifTool does', async () => {
    const block = photoshopSegment(
      iptcBlock([
        [2, 80, 'Drew'],
        [2, 25, 'late'],
      ]),
    );
    const metadata = await extract(jpeg({ width: 640, height: 480, afterFrame: [block] }));
    expect(metadata.descriptive).toMatchObject({ creator: ['Drew'], keywords: ['late'] });
    expect(metadata.image).toMatchObject({ width: 640, height: 480 });
  });

  it('reads UTF-8 when 1:90 says so, and Latin-1 otherwise', async () => {
    const utf8 = iptcBlock([
      [1, 90, '\x1b%G'],
      [2, 5, 'Zoë'],
      [2, 120, 'Été à Genève'],
      [2, 25, 'été'],
      [2, 80, 'Ann'],
    ]);
    const latin1 = iptcBlock([[2, 5, Uint8Array.from([0x5a, 0x6f, 0xeb])]]);
    expect((await extract(jpeg({ width: 8, height: 8, segments: [photoshopSegment(utf8)] }))).descriptive).toEqual({
      title: 'Zoë',
      description: 'Été à Genève',
      keywords: ['été'],
      rating: null,
      creator: ['Ann'],
    });
    expect((await extract(jpeg({ width: 8, height: 8, segments: [photoshopSegment(latin1)] }))).descriptive.title).toBe('Zoë');
  });
});

describe('reconciled as MWG says', () => {
  const iptc = iptcBlock([
    [2, 25, 'iptc-keyword'],
    [2, 120, 'IPTC caption'],
  ]);
  const packet = xmp(`${keywordsXmp('xmp-keyword')}<dc:description><rdf:Alt><rdf:li xml:lang="x-default">XMP caption</rdf:li></rdf:Alt></dc:description>`);

  it.each([
    ['XMP, when the stored IPTC digest matches the IPTC (written in sync)', md5(iptc), ['xmp-keyword'], 'XMP caption'],
    ['XMP, when there is no stored digest', undefined, ['xmp-keyword'], 'XMP caption'],
    ['IPTC, when the digest shows the IPTC was edited after the XMP', '00'.repeat(16), ['iptc-keyword'], 'IPTC caption'],
  ])('takes %s', async (_name, digest, keywords, description) => {
    const metadata = await extract(jpeg({ width: 8, height: 8, segments: [photoshopSegment(iptc, digest), xmpSegment(packet)] }));
    expect(metadata.descriptive).toMatchObject({ keywords, description });
  });

  it('takes an ImageDescription written in the EXIF IFD when IFD0 has none, as ExifTool does', async () => {
    const exif = exifBlock({ exif: [{ tag: 0x010e, type: TYPE.ASCII, value: 'tittel' }] });
    expect((await extract(jpeg({ width: 8, height: 8, exif: [exif] }))).descriptive.description).toBe('tittel');
  });

  it("takes the Artist of IFD1 (a multi-page TIFF's second page) when IFD0 has none, as ExifTool does", async () => {
    const tiff = exifBlock({
      ifd0: [
        { tag: 0x0100, type: TYPE.SHORT, value: [8] },
        { tag: 0x0101, type: TYPE.SHORT, value: [8] },
      ],
      ifd1: [{ tag: 0x013b, type: TYPE.ASCII, value: 'Rosa' }],
    });
    expect((await extract(tiff)).descriptive.creator).toEqual(['Rosa']);
  });

  it('lets a non-blank EXIF ImageDescription and Artist win, Artist split as an MWG list', async () => {
    const exif = exifBlock({
      ifd0: [
        { tag: 0x010e, type: TYPE.ASCII, value: 'EXIF caption' },
        { tag: 0x013b, type: TYPE.ASCII, value: 'Ann; "Bo; Jr."' },
      ],
    });
    const metadata = await extract(jpeg({ width: 8, height: 8, exif: [exif], segments: [xmpSegment(packet)] }));
    expect(metadata.descriptive).toMatchObject({ description: 'EXIF caption', creator: ['Ann', 'Bo; Jr.'] });
    const blank = exifBlock({ ifd0: [{ tag: 0x010e, type: TYPE.ASCII, value: '   ' }] });
    expect((await extract(jpeg({ width: 8, height: 8, exif: [blank], segments: [xmpSegment(packet)] }))).descriptive.description).toBe('XMP caption');
  });

  it('recovers an IPTC keyword cut at 64 characters from the XMP one that starts with it', async () => {
    const long = `${'k'.repeat(64)}-and-more`;
    const cut = iptcBlock([[2, 25, long.slice(0, 64)]]);
    const metadata = await extract(jpeg({ width: 8, height: 8, segments: [photoshopSegment(cut, '00'.repeat(16)), xmpSegment(xmp(keywordsXmp(long)))] }));
    expect(metadata.descriptive.keywords).toEqual([long]);
  });

  it.each([
    ['a; b', ['a', 'b']],
    ['"a; b"; c', ['a; b', 'c']],
    ['"say ""hi"""', ['say "hi"']],
    ['one', ['one']],
  ])('splits the EXIF Artist %j as %j', (text, list) => {
    expect(splitMwgList(text)).toEqual(list);
  });
});
