import { allows, isExpired, isFinal, isStalled, newUpload, resultBody, TRANSITIONS, UploadStatus, type TransitionName, type UploadRecord } from '../src/upload';

const ID = '0b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b';
const NOW = new Date('2026-11-25T10:00:00Z');
const record = (status: UploadStatus, extra: Partial<UploadRecord> = {}): UploadRecord => ({
  id: ID,
  status,
  filename: 'a.jpg',
  size: 1,
  mimeType: 'image/jpeg',
  uploadedAt: NOW.toISOString(),
  expiresAt: NOW.getTime() / 1000 + 60,
  etag: '"same"',
  ...extra,
});

describe('the table of transitions', () => {
  const { PENDING, PROCESSING, DONE, FAILED } = UploadStatus;
  // transition, from status, ETag of the delivery, allowed
  it.each([
    ['claim', PENDING, '"other"', true],
    ['claim', PROCESSING, '"same"', true],
    ['claim', PROCESSING, '"other"', false],
    ['claim', DONE, '"same"', false],
    ['claim', FAILED, '"same"', false],
    ['complete', PROCESSING, '"same"', true],
    ['complete', PROCESSING, '"other"', false],
    ['complete', PENDING, '"same"', false],
    ['complete', DONE, '"same"', false],
    ['addVisual', DONE, undefined, true],
    ['addVisual', PROCESSING, undefined, false],
    ['fail', PENDING, undefined, true],
    ['fail', PROCESSING, undefined, true],
    ['fail', DONE, undefined, false],
    ['fail', FAILED, undefined, false],
    ['failStore', PENDING, undefined, true],
    ['failStore', PROCESSING, undefined, false],
  ] as [TransitionName, UploadStatus, string | undefined, boolean][])('%s from %s (delivery ETag %s): %s', (name, status, etag, allowed) => {
    expect(allows(TRANSITIONS[name], record(status), etag)).toBe(allowed);
  });

  it('adds visual features once only, and nothing applies to a record that is gone', () => {
    expect(allows(TRANSITIONS.addVisual, record(UploadStatus.DONE, { visual: { skipped: 'TOO_LARGE' } }))).toBe(false);
    for (const transition of Object.values(TRANSITIONS)) expect(allows(transition, null, '"same"')).toBe(false);
  });

  it('never leaves FAILED, and reaches DONE only from PROCESSING', () => {
    for (const transition of Object.values(TRANSITIONS)) {
      expect([...transition.from, ...transition.resumes]).not.toContain(UploadStatus.FAILED);
      if (transition.to === UploadStatus.DONE && transition.from.length) expect(transition.from).toEqual([UploadStatus.DONE]);
    }
  });
});

describe('a record’s questions about itself', () => {
  it('is stalled only while PENDING or PROCESSING past its deadline', () => {
    const past = '2026-11-25T09:59:59.000Z';
    expect(isStalled(record(UploadStatus.PENDING, { staleAt: past }), NOW)).toBe(true);
    expect(isStalled(record(UploadStatus.PROCESSING, { staleAt: past }), NOW)).toBe(true);
    expect(isStalled(record(UploadStatus.PROCESSING, { staleAt: '2026-11-25T10:00:01.000Z' }), NOW)).toBe(false);
    expect(isStalled(record(UploadStatus.DONE, { staleAt: past }), NOW)).toBe(false);
  });

  it('expires at its TTL', () => {
    expect(isExpired(record(UploadStatus.DONE, { expiresAt: NOW.getTime() / 1000 }), NOW)).toBe(true);
    expect(isExpired(record(UploadStatus.DONE), NOW)).toBe(false);
  });

  it('is final when FAILED, or DONE with its visual features', () => {
    expect(isFinal({ status: UploadStatus.FAILED })).toBe(true);
    expect(isFinal({ status: UploadStatus.DONE })).toBe(false);
    expect(isFinal({ status: UploadStatus.DONE, visual: { error: 'DECODE_FAILED' } })).toBe(true);
    expect(isFinal({ status: UploadStatus.PROCESSING })).toBe(false);
  });

  it('starts PENDING, waiting for its object until its deadline plus the grace period', () => {
    const upload = newUpload({
      id: ID,
      filename: 'a.jpg',
      size: 1,
      mimeType: 'image/jpeg',
      now: NOW,
      resultTtlDays: 1,
      private: false,
      deleteTokenHash: 'h',
      arrivesBy: new Date('2026-11-25T10:05:00Z'),
    });
    expect(upload).toMatchObject({ status: 'PENDING', staleAt: '2026-11-25T10:15:00.000Z', expiresAt: NOW.getTime() / 1000 + 86_400 });
  });
});

describe('resultBody', () => {
  const metadata = { file: { format: 'tiff', mimeType: 'image/tiff', size: 1 }, warnings: ['w'] } as unknown as UploadRecord['metadata'];

  it('answers a stalled upload FAILED, with why', () => {
    expect(resultBody(record(UploadStatus.PENDING, { staleAt: '2026-11-25T09:00:00.000Z' }), NOW)).toMatchObject({
      status: 'FAILED',
      error: { code: 'UPLOAD_NOT_RECEIVED' },
    });
  });

  it('always says what privacy removed once there is metadata, an empty list when nothing', () => {
    expect(resultBody(record(UploadStatus.DONE, { metadata }), NOW)).toMatchObject({ redacted: [], warnings: ['w'] });
    expect(resultBody(record(UploadStatus.PENDING), NOW).redacted).toBeUndefined();
  });

  it('serves, with a refused file, what the core could still read of it', () => {
    const refused = { code: 'CORRUPT_IMAGE', message: 'damaged', metadata: { file: { format: 'tiff' } } } as UploadRecord['error'];
    expect(resultBody(record(UploadStatus.FAILED, { error: refused }), NOW).error).toEqual(refused);
  });

  it('shows no internals: no ETag, attempts, deadline or delete token hash', () => {
    const body = resultBody(record(UploadStatus.PROCESSING, { attempts: 2, staleAt: '2026-11-25T11:00:00.000Z', deleteTokenHash: 'secret' }), NOW);
    expect(Object.keys(body).sort()).toEqual(['filename', 'id', 'status', 'uploadedAt']);
  });
});
