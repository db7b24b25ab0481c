import { bytesSource } from '@image-pipeline/metadata';
import {
  allows,
  processingDeadline,
  TRANSITIONS,
  UploadStatus,
  type Transition,
  type UploadError,
  type UploadRecord,
  type VisualFeatures,
} from '@image-pipeline/service-kit';
import type { ClaimResult, CompletedResult, ObjectReader, RecordStore, StoredObject, ThumbnailStore } from '../../src/ports';

/** Objects in memory; `failReads` makes every read fail, `failWholeReads` only the visual step's download. */
export class FakeObjects implements ObjectReader, ThumbnailStore {
  readonly objects = new Map<string, Uint8Array>();
  failReads: Error | null = null;
  failWholeReads: Error | null = null;
  async readWhole(key: string) {
    if (this.failReads ?? this.failWholeReads) throw this.failReads ?? this.failWholeReads;
    return this.objects.get(key)!;
  }
  async putThumbnail(key: string, jpeg: Uint8Array) {
    this.objects.set(key, jpeg);
  }
  async remove(key: string) {
    this.objects.delete(key);
  }
  async head(key: string): Promise<StoredObject | null> {
    const bytes = this.objects.get(key);
    return bytes ? { size: bytes.length, etag: `"etag-${bytes.length}"` } : null;
  }
  byteSource(key: string) {
    const source = bytesSource(this.objects.get(key)!);
    return {
      size: source.size,
      read: async (offset: number, length: number) => {
        if (this.failReads) throw this.failReads;
        return source.read(offset, length);
      },
    };
  }
}

/** Records in memory, changed only where the lifecycle's table of transitions allows, as in the DynamoDB adapter. */
export class FakeRecords implements RecordStore {
  readonly records = new Map<string, UploadRecord>();
  async get(id: string) {
    return this.records.get(id) ?? null;
  }
  private apply(id: string, transition: Transition, changes: Partial<UploadRecord>, etag?: string): UploadRecord | null {
    const record = this.records.get(id) ?? null;
    if (!record || !allows(transition, record, etag)) return null;
    const updated = { ...record, ...changes, status: transition.to };
    this.records.set(id, updated);
    return updated;
  }
  async claim(id: string, etag: string, now: Date): Promise<ClaimResult> {
    const attempts = (this.records.get(id)?.attempts ?? 0) + 1;
    const updated = this.apply(id, TRANSITIONS.claim, { etag, attempts, staleAt: processingDeadline(now).toISOString() }, etag);
    return updated ? { claimed: true, attempts } : { claimed: false, record: this.records.get(id) ?? null };
  }
  async complete(id: string, etag: string, result: CompletedResult) {
    return this.apply(id, TRANSITIONS.complete, result, etag) !== null;
  }
  async setVisual(id: string, visual: VisualFeatures) {
    return this.apply(id, TRANSITIONS.addVisual, { visual }) !== null;
  }
  async fail(id: string, error: UploadError, processedAt: string) {
    return this.apply(id, TRANSITIONS.fail, { error, processedAt }) !== null;
  }
}

export function pending(id: string): UploadRecord {
  return {
    id,
    status: UploadStatus.PENDING,
    filename: 'photo.jpg',
    size: 1,
    mimeType: 'image/jpeg',
    uploadedAt: '2026-11-25T10:00:00.000Z',
    expiresAt: 2_000_000_000,
    staleAt: '2026-11-25T10:10:00.000Z',
  };
}

export { fakeLogger } from '../../../../tests/fakeLogger';
