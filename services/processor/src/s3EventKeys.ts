import { UPLOAD_PREFIX, isUploadId } from '@image-pipeline/service-kit';

interface S3EventLike {
  Event?: string;
  Records?: { eventName?: string; s3?: { object?: { key?: string } } }[];
}

/**
 * The upload ids named by an S3 event: every record, keys decoded (URL-encoded with `+` for space
 * on AWS, raw from the local emulator), anything outside `uploads/<uuid>` ignored.
 */
export function uploadIdsFromEvent(event: S3EventLike, options: { urlEncoded: boolean }): { ids: string[]; ignored: number } {
  const ids: string[] = [];
  let ignored = 0;
  for (const record of event.Records ?? []) {
    const raw = record.s3?.object?.key ?? '';
    const key = options.urlEncoded ? safeDecode(raw.replace(/\+/g, ' ')) : raw;
    const id = key?.startsWith(UPLOAD_PREFIX) ? key.slice(UPLOAD_PREFIX.length) : null;
    if (id && isUploadId(id) && !ids.includes(id)) ids.push(id);
    else ignored += 1;
  }
  return { ids, ignored };
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
