/**
 * The lifecycle's table of transitions, as the adapters turn it into DynamoDB conditions, applied to
 * real items in DynamoDB Local: each transition lands exactly where the table (and the pure
 * `allows`) says it may, and nowhere else.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { allows, newUpload, TRANSITIONS, UploadStatus, type TransitionName, type UploadRecord } from '../../packages/service-kit/src/upload';
import { applyTransition, itemAttributes, readUploadRecord } from '../../packages/service-kit/src/uploadItem';
import { documentClient, TABLE_NAME } from './support';

async function stored(status: UploadStatus, extra: Partial<UploadRecord> = {}): Promise<UploadRecord> {
  const record = {
    ...newUpload({
      id: randomUUID(),
      filename: 'a.jpg',
      size: 1,
      mimeType: 'image/jpeg',
      now: new Date(),
      resultTtlDays: 1,
      private: false,
      deleteTokenHash: 'h',
    }),
    status,
    etag: '"same"',
    ...extra,
  };
  await documentClient().send(new PutCommand({ TableName: TABLE_NAME, Item: itemAttributes(record) }));
  return record;
}

describe('the transitions table in DynamoDB', () => {
  const cases: [TransitionName, UploadStatus, string | undefined][] = [];
  for (const name of Object.keys(TRANSITIONS) as TransitionName[]) {
    for (const status of Object.values(UploadStatus)) for (const etag of ['"same"', '"other"', undefined]) cases.push([name, status, etag]);
  }

  it.each(cases)('%s from %s (delivery ETag %s) lands exactly where allows() says', async (name, status, etag) => {
    const record = await stored(status);
    const applied = await applyTransition(documentClient(), TABLE_NAME, {
      id: record.id,
      transition: TRANSITIONS[name],
      etag,
      set: { processedAt: 'now' },
      add: { attempts: 1 },
    });
    const after = await readUploadRecord(documentClient(), TABLE_NAME, record.id);
    const expected = allows(TRANSITIONS[name], record, etag);
    expect({ applied: applied !== null, status: after!.status }).toEqual({ applied: expected, status: expected ? TRANSITIONS[name].to : status });
  });

  it('adds visual features once, and applies nothing to a record that does not exist', async () => {
    const record = await stored(UploadStatus.DONE);
    const addVisual = { id: record.id, transition: TRANSITIONS.addVisual, set: { visual: { skipped: 'TOO_LARGE' as const } } };
    expect(await applyTransition(documentClient(), TABLE_NAME, addVisual)).not.toBeNull();
    expect(await applyTransition(documentClient(), TABLE_NAME, addVisual)).toBeNull();
    expect(await applyTransition(documentClient(), TABLE_NAME, { id: randomUUID(), transition: TRANSITIONS.fail })).toBeNull();
    expect(await readUploadRecord(documentClient(), TABLE_NAME, randomUUID())).toBeNull();
  });

  it('stores metadata DynamoDB numbers could not hold (a float of -3.4e38, a double of 1.3e102) and reads them back', async () => {
    const record = await stored(UploadStatus.PROCESSING);
    const metadata = { exif: { Image: { MinSampleValue: -3.4e38, Double: 1.3e102, Tiny: 5e-324 } } } as unknown as UploadRecord['metadata'];
    await applyTransition(documentClient(), TABLE_NAME, { id: record.id, transition: TRANSITIONS.complete, etag: '"same"', set: { metadata, redacted: [] } });
    expect((await readUploadRecord(documentClient(), TABLE_NAME, record.id))?.metadata).toEqual(metadata);
  });
});
