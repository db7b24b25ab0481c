import { BIGTIFF_MIME_TYPE, countingSource, extractMetadata, isMetadataError, MIME_TYPES, redactMetadata, type ImageFormat, type ImageMetadata } from '@image-pipeline/metadata';
import { describeError, StorageUnavailableError, UploadStatus, uploadKey, type Logger } from '@image-pipeline/service-kit';
import type { ObjectReader, RecordStore, ThumbnailStore } from './ports';
import { addVisualFeatures, visualOutcome } from './visual/addVisualFeatures';
import type { VisualLimits } from './visual/visualFeatures';

/** How long one processing attempt may hold a record before it counts as stalled. */
export const PROCESSING_STALE_SECONDS = 15 * 60;

export type Outcome = 'DONE' | 'FAILED' | 'DUPLICATE' | 'NO_RECORD' | 'RETRY';

export interface ProcessResult {
  id: string;
  outcome: Outcome;
  code?: string;
  size?: number;
  bytesRead?: number;
  reads?: number;
  visual?: string;
}

export interface ProcessUploadDeps {
  objects: ObjectReader;
  thumbnails: ThumbnailStore;
  records: RecordStore;
  logger: Logger;
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
  const fail = async (code: string, message: string, extra: Partial<ProcessResult> = {}): Promise<ProcessResult> => {
    const changed = await records.fail(id, { code, message }, deps.now().toISOString());
    return { id, outcome: changed ? 'FAILED' : 'DUPLICATE', code, ...extra };
  };

  let attempts = 0;
  try {
    const record = await records.get(id);
    if (!record) return { id, outcome: 'NO_RECORD' };
    if (record.status === UploadStatus.FAILED) return { id, outcome: 'DUPLICATE' };
    if (record.status === UploadStatus.DONE) {
      // A retry after DONE resumes the visual features; anything else is a duplicate.
      const object = record.visual || !record.metadata ? null : await objects.head(key);
      if (!object || !record.metadata) return { id, outcome: 'DUPLICATE' };
      return { id, outcome: 'DUPLICATE', visual: visualOutcome(await addVisualFeatures(deps, id, object, record.metadata)) };
    }

    const object = await objects.head(key);
    if (!object) return await fail('OBJECT_GONE', 'The uploaded file no longer exists.');
    if (object.size > config.maxObjectBytes) {
      return await fail('FILE_TOO_LARGE', `The file is ${object.size} bytes, above the limit of ${config.maxObjectBytes}.`, { size: object.size });
    }
    // What arrived must be what was declared (the presigned PUT is signed for it; locally nothing checks).
    if (object.size !== record.size) {
      return await fail('UPLOAD_MISMATCH', `The file is ${object.size} bytes, not the ${record.size} bytes that were declared.`, { size: object.size });
    }

    const now = deps.now();
    const claim = await records.claim(id, object.etag, now, new Date(now.getTime() + PROCESSING_STALE_SECONDS * 1000));
    if (!claim.claimed) return { id, outcome: claim.record ? 'DUPLICATE' : 'NO_RECORD' };
    attempts = claim.attempts;

    const { source, stats } = countingSource(objects.byteSource(key, object));
    let metadata: ImageMetadata;
    try {
      metadata = await extractMetadata(source, { maxPixels: config.maxPixels });
    } catch (error) {
      if (isMetadataError(error)) return await fail(error.code, error.message, { size: object.size, ...stats });
      throw error;
    }
    if (!declaredTypeMatches(record.mimeType, metadata.file.format)) {
      return await fail('UPLOAD_MISMATCH', `The file is ${metadata.file.mimeType}, not the ${record.mimeType} that was declared.`, { size: object.size, ...stats });
    }
    // A private upload never stores its location, serial numbers or owner name; the flag lives in
    // the record, so a retried event redacts again.
    const isPrivate = record.private === true;
    const removeLocation = config.redactLocation || isPrivate;
    const redaction = redactMetadata(metadata, { location: removeLocation, identifiers: isPrivate });
    metadata = redaction.metadata;
    const completed = await records.complete(id, object.etag, {
      metadata,
      processedAt: deps.now().toISOString(),
      locationRedacted: removeLocation,
      redacted: redaction.redacted,
    });
    if (!completed) return { id, outcome: 'DUPLICATE', size: object.size, ...stats };
    // Metadata first (the page shows it at once), then the pixels.
    const visual = await addVisualFeatures(deps, id, object, metadata);
    return { id, outcome: 'DONE', size: object.size, ...stats, visual: visualOutcome(visual) };
  } catch (error) {
    const transient = error instanceof StorageUnavailableError;
    if (attempts >= config.maxAttempts || !transient) {
      // The last attempt, or a fault no retry will fix (a bug, a denied permission): say why in the
      // log, then record it rather than leave it PROCESSING.
      deps.logger.error(transient ? 'Storage still unavailable on the last attempt; recording FAILED' : 'Unexpected error; recording FAILED', {
        id,
        attempts,
        cause: describeError(error),
      });
      await records
        .fail(id, { code: 'PROCESSING_FAILED', message: 'The file could not be processed; upload it again.' }, deps.now().toISOString())
        .catch((writeError: unknown) => deps.logger.error('Could not record FAILED', { id, cause: describeError(writeError) }));
      if (!transient) return { id, outcome: 'FAILED', code: 'PROCESSING_FAILED' };
    }
    throw new TransientProcessingError(id, { cause: error });
  }
}


/**
 * Whether the bytes are of the type the upload declared. HEIF and AVIF share one container (and
 * browsers name HEIC files either way), so they count as one family.
 */
export function declaredTypeMatches(declaredMimeType: string, format: ImageFormat): boolean {
  const family = (f: string) => (f === 'avif' ? 'heif' : f);
  const declared =
    (Object.entries(MIME_TYPES) as [ImageFormat, string][]).find(([, mime]) => mime === declaredMimeType)?.[0] ??
    (/^image\/hei[cf]/.test(declaredMimeType) ? 'heif' : declaredMimeType === BIGTIFF_MIME_TYPE ? 'tiff' : null);
  return declared !== null && family(declared) === family(format);
}
