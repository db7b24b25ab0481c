import { isUploadId, type UploadRecord, type UploadStatus } from './record';

/** One entry of GET /uploads: enough for a list of a person's uploads, nothing private. */
export interface UploadListItem {
  id: string;
  filename: string;
  status: UploadStatus;
  uploadedAt: string;
  format: string | null;
  width: number | null;
  height: number | null;
  camera: { make: string | null; model: string | null } | null;
  capturedAt: string | null;
  /** A presigned GET of the thumbnail, when there is one. */
  thumbnailUrl?: string;
}

/** 200 from GET /uploads: the caller's uploads, newest first, and the cursor of the next page (null at the end). */
export interface UploadList {
  uploads: UploadListItem[];
  nextCursor: string | null;
}

/** Where a page of a listing starts: after this upload of this owner. */
export interface ListPosition {
  uploadedAt: string;
  id: string;
}

/** The list entry of a record (the thumbnail link is added by the service, which signs it). */
export function listItem(record: UploadRecord): UploadListItem {
  const m = record.metadata;
  return {
    id: record.id,
    filename: record.filename,
    status: record.status,
    uploadedAt: record.uploadedAt,
    format: m?.file.format ?? null,
    width: m?.image.displayWidth ?? null,
    height: m?.image.displayHeight ?? null,
    camera: m ? { make: m.camera.make, model: m.camera.model } : null,
    capturedAt: m?.capture.dateTimeOriginal ?? null,
  };
}

/**
 * A listing's cursor: opaque to clients (base64url), it names where the next page starts and a
 * fingerprint of whose listing it belongs to, so that a cursor reused by another caller, or one
 * made up, is refused (INVALID_CURSOR) rather than read. The fingerprint comes from the caller's
 * own hash function (the kit's domain stays free of node:crypto).
 */
export function encodeCursor(position: ListPosition, ownerFingerprint: string): string {
  return base64url(JSON.stringify({ u: position.uploadedAt, i: position.id, o: ownerFingerprint }));
}

/** The position a cursor names, or null when it is malformed or another caller's. */
export function decodeCursor(cursor: string, ownerFingerprint: string): ListPosition | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64url(cursor));
  } catch {
    return null;
  }
  const { u, i, o } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof u !== 'string' || typeof i !== 'string' || o !== ownerFingerprint) return null;
  if (!isUploadId(i) || Number.isNaN(Date.parse(u))) return null;
  return { uploadedAt: u, id: i };
}

function base64url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
