import { bytesSource } from '@image-pipeline/metadata';
import { UploadStatus, type UploadRecord, type VisualFeatures } from '@image-pipeline/service-kit';
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

/** Records in memory with the same conditional transitions as the DynamoDB adapter. */
export class FakeRecords implements RecordStore {
  readonly records = new Map<string, UploadRecord>();
  async get(id: string) {
    return this.records.get(id) ?? null;
  }
  async claim(id: string, etag: string, now: Date, staleAt: Date): Promise<ClaimResult> {
    const record = this.records.get(id);
    if (!record || !(record.status === 'PENDING' || (record.status === 'PROCESSING' && record.etag === etag))) return { claimed: false, record: record ?? null };
    const attempts = (record.attempts ?? 0) + 1;
    this.records.set(id, { ...record, status: UploadStatus.PROCESSING, etag, attempts, staleAt: staleAt.toISOString() });
    return { claimed: true, attempts };
  }
  async complete(id: string, etag: string, result: CompletedResult) {
    const record = this.records.get(id);
    if (!record || record.status !== 'PROCESSING' || record.etag !== etag) return false;
    this.records.set(id, { ...record, status: UploadStatus.DONE, ...result });
    return true;
  }
  async setVisual(id: string, visual: VisualFeatures) {
    const record = this.records.get(id);
    if (!record || record.status !== 'DONE' || record.visual) return false;
    this.records.set(id, { ...record, visual });
    return true;
  }
  async fail(id: string, error: { code: string; message: string }, processedAt: string) {
    const record = this.records.get(id);
    if (!record || (record.status !== 'PENDING' && record.status !== 'PROCESSING')) return false;
    this.records.set(id, { ...record, status: UploadStatus.FAILED, error, processedAt });
    return true;
  }
}

export function pending(id: string): UploadRecord {
  return { Id: id, status: UploadStatus.PENDING, filename: 'photo.jpg', size: 1, mimeType: 'image/jpeg', uploadedAt: '2026-11-25T10:00:00.000Z', expiresAt: 2_000_000_000, staleAt: '2026-11-25T10:10:00.000Z' };
}

/** A logger that keeps its lines, for asserting what was logged. */
export function fakeLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, fields: Record<string, unknown> = {}) => void lines.push({ level, message, fields });
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}
