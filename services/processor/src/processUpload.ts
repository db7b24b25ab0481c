import { countingSource, declaredTypeMatches, extractMetadata, isMetadataError, redactMetadata, type ImageMetadata } from '@image-pipeline/metadata';
import {
  allows,
  describeError,
  publishAfterWrite,
  StorageUnavailableError,
  TRANSITIONS,
  uploadEvent,
  UploadEventType,
  uploadKey,
  UploadStatus,
  type EventPublisher,
  type Logger,
  type Measurements,
  type Tracing,
  type UploadError,
  type UploadRecord,
} from '@image-pipeline/service-kit';
import type { ObjectReader, RecordStore, ThumbnailStore } from './ports';
import { addVisualFeatures, visualOutcome } from './visual/addVisualFeatures';
import type { VisualLimits } from './visual/visualFeatures';

export type Outcome = 'DONE' | 'FAILED' | 'DUPLICATE' | 'NO_RECORD' | 'RETRY';

export interface ProcessResult {
  id: string;
  outcome: Outcome;
  code?: string;
  size?: number;
  bytesRead?: number;
  reads?: number;
  visual?: string;
  /** Reading the metadata (from the claim to DONE or FAILED), the visual step, and from the upload to DONE. */
  processingMs?: number;
  visualMs?: number;
  uploadToDoneMs?: number;
}

export interface ProcessUploadDeps {
  objects: ObjectReader;
  thumbnails: ThumbnailStore;
  records: RecordStore;
  events: EventPublisher;
  logger: Logger;
  measure: Measurements;
  trace: Tracing;
  now(): Date;
  config: { maxObjectBytes: number; maxPixels: number; redactLocation: boolean; maxAttempts: number; visualLimits: VisualLimits };
}

/** A transient failure: rethrown so that Lambda retries the event, then dead-letters it. */
export class TransientProcessingError extends Error {
  constructor(
    readonly id: string,
    options: { cause: unknown },
  ) {
    super(`Transient failure processing upload ${id}`, options);
    this.name = 'TransientProcessingError';
  }
}

/**
 * Processes one uploaded object: refuses it by size without reading it, extracts its metadata with
 * ranged reads, and moves its record PENDING → PROCESSING → DONE or FAILED. Content problems end
 * FAILED; transient ones throw TransientProcessingError (the record is resumed by the retry, or
 * FAILED on the last attempt). Duplicate and late deliveries change nothing.
 */
export async function processUpload(deps: ProcessUploadDeps, id: string): Promise<ProcessResult> {
  const { objects, records, config } = deps;
  const key = uploadKey(id);
  // The record as this delivery last read it: what the events about it are built from.
  let current: UploadRecord | null = null;
  /** FAILED, and if this delivery's write made it so, the one "Upload Failed" event. */
  const recordFailed = async (error: UploadError): Promise<boolean> => {
    const changed = await records.fail(id, error, deps.now().toISOString());
    if (changed) {
      const failed = current ?? (await records.get(id).catch(() => null));
      if (failed) await publishAfterWrite(deps, uploadEvent(UploadEventType.failed, { ...failed, status: UploadStatus.FAILED, error }));
    }
    return changed;
  };
  const fail = async (error: UploadError, extra: Partial<ProcessResult> = {}): Promise<ProcessResult> => {
    const changed = await recordFailed(error);
    return { id, outcome: changed ? 'FAILED' : 'DUPLICATE', code: error.code, ...extra };
  };
  // An object whose record is gone (deleted before a presigned PUT arrived, or expired) is removed:
  // no photo, GPS included, outlives its upload.
  const orphan = async (): Promise<ProcessResult> => {
    await objects.remove(key);
    return { id, outcome: 'NO_RECORD' };
  };

  // This delivery's attempt, at least: the record counts the claims that were written, even those
  // whose answer was lost, so a retry after a lost answer still knows when it is the last one.
  let attempt = 0;
  try {
    const record = await records.get(id);
    current = record;
    if (!record) return await orphan();
    attempt = (record.attempts ?? 0) + 1;
    if (record.status === UploadStatus.FAILED) return { id, outcome: 'DUPLICATE' };
    if (record.status === UploadStatus.DONE) {
      // A retry after DONE resumes the visual features; anything else is a duplicate.
      const object = allows(TRANSITIONS.addVisual, record) && record.metadata ? await objects.head(key) : null;
      if (!object || !record.metadata) return { id, outcome: 'DUPLICATE' };
      const visualStarted = Date.now();
      const visual = await deps.trace.step('visual features', () => addVisualFeatures(deps, { ...record, metadata: record.metadata! }, object));
      return { id, outcome: 'DUPLICATE', visual: visualOutcome(visual), visualMs: Date.now() - visualStarted };
    }

    const object = await objects.head(key);
    if (!object) return await fail({ code: 'OBJECT_GONE', message: 'The uploaded file no longer exists.' });
    if (object.size > config.maxObjectBytes) {
      return await fail(
        { code: 'FILE_TOO_LARGE', message: `The file is ${object.size} bytes, above the limit of ${config.maxObjectBytes}.` },
        { size: object.size },
      );
    }
    // What arrived must be what was declared (the presigned PUT is signed for it; locally nothing checks).
    if (object.size !== record.size) {
      return await fail(
        { code: 'UPLOAD_MISMATCH', message: `The file is ${object.size} bytes, not the ${record.size} bytes that were declared.` },
        { size: object.size },
      );
    }

    const claimedAt = Date.now();
    const claim = await records.claim(id, object.etag, deps.now());
    if (!claim.claimed) return claim.record ? { id, outcome: 'DUPLICATE' } : await orphan();
    attempt = Math.max(attempt, claim.attempts);

    const { source, stats } = countingSource(objects.byteSource(key, object));
    let metadata: ImageMetadata;
    try {
      metadata = await deps.trace.step('extract metadata', () => extractMetadata(source, { maxPixels: config.maxPixels }));
    } catch (error) {
      // A refused file keeps what the core could still read of it (its type, a claimed size).
      if (isMetadataError(error))
        return await fail({ code: error.code, message: error.message, ...(error.metadata && { metadata: error.metadata }) }, { size: object.size, ...stats });
      throw error;
    }
    if (!declaredTypeMatches(record.mimeType, metadata.file.format)) {
      return await fail(
        { code: 'UPLOAD_MISMATCH', message: `The file is ${metadata.file.mimeType}, not the ${record.mimeType} that was declared.` },
        { size: object.size, ...stats },
      );
    }
    // A private upload never stores its location, serial numbers or owner name; the flag lives in
    // the record, so a retried event redacts again.
    const redaction = redactMetadata(metadata, { private: record.private === true, location: config.redactLocation });
    metadata = redaction.metadata;
    const result = { metadata, processedAt: deps.now().toISOString(), redacted: redaction.redacted };
    const completed = await records.complete(id, object.etag, result);
    if (!completed) return { id, outcome: 'DUPLICATE', size: object.size, ...stats };
    // Metadata first (the page shows it at once), then the pixels.
    const visualStarted = Date.now();
    const processingMs = visualStarted - claimedAt;
    const visual = await deps.trace.step('visual features', () => addVisualFeatures(deps, { ...record, ...result, status: UploadStatus.DONE }, object));
    const visualMs = Date.now() - visualStarted;
    const uploadToDoneMs = deps.now().getTime() - Date.parse(record.uploadedAt);
    return { id, outcome: 'DONE', size: object.size, ...stats, visual: visualOutcome(visual), processingMs, visualMs, uploadToDoneMs };
  } catch (error) {
    const transient = error instanceof StorageUnavailableError;
    if (attempt >= config.maxAttempts || !transient) {
      // The last attempt, or a fault no retry will fix (a bug, a denied permission): say why in the
      // log, then record it rather than leave it PROCESSING.
      deps.logger.error(transient ? 'Storage still unavailable on the last attempt; recording FAILED' : 'Unexpected error; recording FAILED', {
        id,
        attempt,
        cause: describeError(error),
      });
      const failure: UploadError = transient
        ? { code: 'STORAGE_UNAVAILABLE', message: `Storage did not answer in ${attempt} attempts; upload the file again later.` }
        : { code: 'PROCESSING_FAILED', message: 'An error on our side stopped the processing of this file; it has been logged.' };
      await recordFailed(failure).catch((writeError: unknown) => deps.logger.error('Could not record FAILED', { id, cause: describeError(writeError) }));
      if (!transient) return { id, outcome: 'FAILED', code: failure.code };
    }
    throw new TransientProcessingError(id, { cause: error });
  }
}
