import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { MARSHALL_OPTIONS } from '../src/awsClients';
import { fromItem, itemAttributes } from '../src/uploadItem';
import type { UploadRecord } from '../src/upload';

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';

/** Any value EXIF can hold, as the core returns it: text, whole numbers, any double, rationals, arrays of them. */
const exifValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom(-3.4e38, 1.3e102, 5e-324, -0, Number.MAX_VALUE, 2 ** 64, 1e-200),
  fc.array(fc.oneof(fc.double(), fc.integer()), { maxLength: 4 }),
);
const generatedMetadata = fc.record({
  file: fc.record({ format: fc.constant('tiff'), mimeType: fc.constant('image/tiff'), size: fc.nat() }),
  image: fc.record({ width: fc.nat(), height: fc.nat(), xResolution: fc.option(fc.double(), { nil: null }) }),
  exif: fc.dictionary(fc.constantFrom('Image', 'Photo', 'GPSInfo'), fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), exifValue, { maxKeys: 6 })),
  warnings: fc.array(fc.string(), { maxLength: 2 }),
});

/** Through the SDK's own marshaller, with the document client's options: what DynamoDB would be sent, and what it would give back. */
const roundTrip = (item: Record<string, unknown>) => unmarshall(marshall(item, MARSHALL_OPTIONS));

describe('the stored upload item', () => {
  it('stores any metadata the core can return, and reads back what the API would serve (property)', () => {
    fc.assert(
      fc.property(generatedMetadata, (metadata) => {
        const record = {
          id: ID,
          status: 'DONE',
          filename: 'a.tif',
          size: 1,
          mimeType: 'image/tiff',
          uploadedAt: 'x',
          expiresAt: 1,
          metadata,
        } as unknown as UploadRecord;
        // marshall throws for any value DynamoDB (or the SDK) cannot take.
        expect(fromItem(roundTrip(itemAttributes(record)))).toEqual(JSON.parse(JSON.stringify(record)));
      }),
      { numRuns: 500, seed: 20261129 },
    );
  });

  it('keeps the DynamoDB key as Id and the record’s id apart: use cases never see the item', () => {
    expect(itemAttributes({ id: ID, status: 'PENDING', private: undefined })).toEqual({ Id: ID, status: 'PENDING' });
  });

  it('reads items written before metadata was JSON text (a map)', () => {
    expect(fromItem({ Id: ID, status: 'DONE', metadata: { file: { size: 3 } } })).toMatchObject({ id: ID, metadata: { file: { size: 3 } } });
  });

  it('is needed: the SDK’s marshaller refuses such a number as a DynamoDB number', () => {
    expect(() => marshall({ Id: ID, metadata: { exif: { Image: { x: -3.4e38 } } } }, MARSHALL_OPTIONS)).toThrow(/MAX_SAFE_INTEGER|NumberValue/);
  });
});
