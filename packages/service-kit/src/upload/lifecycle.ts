import { UploadStatus, type UploadRecord } from './record';

/**
 * The upload lifecycle, in one place: its constants, the one table of allowed transitions (which
 * both DynamoDB adapters turn into their conditions, and the tests' fakes apply as they are), and
 * the questions a record answers about itself. Browser-safe: no imports but our own.
 */
export const LIFECYCLE = {
  /** How long after its deadline (now, or a presigned URL's expiry) a PENDING record waits for its object. */
  pendingGraceSeconds: 10 * 60,
  /** How long one processing attempt may hold a record before it counts as stalled. */
  processingStaleSeconds: 15 * 60,
  /** Ids per GET /results: one DynamoDB BatchGetItem reads at most 100; a page polls 25 cards at once. */
  resultsPerRequest: 25,
  /** GET /uploads: items per page, by default and at most. */
  uploadsPerPage: 25,
  maxUploadsPerPage: 100,
} as const;

/**
 * One allowed change of status. `from`: the statuses it may start from; `resumes`: statuses it may
 * start from only for the same stored object (the same S3 ETag: a retried attempt, never a
 * replaced file); `withoutVisual`: only while the record has no visual features yet.
 */
export interface Transition {
  readonly from: readonly UploadStatus[];
  readonly resumes: readonly UploadStatus[];
  readonly to: UploadStatus;
  readonly withoutVisual?: true;
  /** Only for a multipart upload whose parts are not completed yet. */
  openMultipart?: true;
}

const { PENDING, PROCESSING, DONE, FAILED } = UploadStatus;

/** Every status change an upload can go through; nothing else may write its status. */
export const TRANSITIONS = {
  /** The processor takes a new upload, or resumes its own attempt on the same object after a retry. */
  claim: { from: [PENDING], resumes: [PROCESSING], to: PROCESSING },
  /** The metadata is read: the attempt that claimed this object records it DONE. */
  complete: { from: [], resumes: [PROCESSING], to: DONE },
  /** Thumbnail, hash and colours (or why not): added once to a DONE upload. */
  addVisual: { from: [DONE], resumes: [], to: DONE, withoutVisual: true },
  /** The processor gives up: the file was refused, or the last attempt failed. */
  fail: { from: [PENDING, PROCESSING], resumes: [], to: FAILED },
  /** The uploader recorded an upload whose file it then could not store. */
  failStore: { from: [PENDING], resumes: [], to: FAILED },
  /** A multipart upload's parts are assembled into its object: it stays PENDING until the processor claims it. */
  completeParts: { from: [PENDING], resumes: [], to: PENDING, openMultipart: true },
  /** A multipart upload is cancelled (aborted) before its parts were completed. */
  cancel: { from: [PENDING], resumes: [], to: FAILED, openMultipart: true },
} as const satisfies Record<string, Transition>;
export type TransitionName = keyof typeof TRANSITIONS;

/** Whether `transition` may be applied to this record (null: none) for the object with this ETag. */
export function allows(
  transition: Transition,
  record: Pick<UploadRecord, 'status' | 'etag' | 'visual' | 'multipart' | 'partsCompletedAt'> | null,
  etag?: string,
): boolean {
  if (!record) return false;
  if (transition.withoutVisual && record.visual !== undefined) return false;
  if (transition.openMultipart && (record.multipart === undefined || record.partsCompletedAt !== undefined)) return false;
  return transition.from.includes(record.status) || (etag !== undefined && record.etag === etag && transition.resumes.includes(record.status));
}

/** Past its TTL: gone for every reader, even before DynamoDB deletes it. */
export function isExpired(record: Pick<UploadRecord, 'expiresAt'>, now: Date): boolean {
  return record.expiresAt * 1000 <= now.getTime();
}

/** PENDING or PROCESSING past its deadline: it cannot finish any more, and is reported FAILED. */
export function isStalled(record: Pick<UploadRecord, 'status' | 'staleAt'>, now: Date): boolean {
  return (record.status === PENDING || record.status === PROCESSING) && record.staleAt !== undefined && Date.parse(record.staleAt) <= now.getTime();
}

/** The deadline of a processing attempt that starts now. */
export function processingDeadline(now: Date): Date {
  return new Date(now.getTime() + LIFECYCLE.processingStaleSeconds * 1000);
}

/** A new upload, PENDING until its object arrives (by `arrivesBy`: a presigned URL's expiry, else now). */
export function newUpload(input: {
  id: string;
  filename: string;
  size: number;
  mimeType: string;
  now: Date;
  resultTtlDays: number;
  arrivesBy?: Date;
  private: boolean;
  /** The delete token's hash, for an anonymous upload (an owned one is deleted by its owner). */
  deleteTokenHash?: string;
  /** The caller's `sub`, when the API requires a token. */
  owner?: string | null;
}): UploadRecord {
  const arrivesBy = input.arrivesBy ?? input.now;
  return {
    id: input.id,
    status: PENDING,
    filename: input.filename,
    size: input.size,
    mimeType: input.mimeType,
    uploadedAt: input.now.toISOString(),
    expiresAt: Math.floor(input.now.getTime() / 1000) + input.resultTtlDays * 86_400,
    staleAt: new Date(arrivesBy.getTime() + LIFECYCLE.pendingGraceSeconds * 1000).toISOString(),
    private: input.private,
    ...(input.deleteTokenHash && { deleteTokenHash: input.deleteTokenHash }),
    ...(input.owner && { owner: input.owner }),
  };
}

/**
 * Whether a caller may see an upload at all: an owned upload only by its owner (`sub`), an
 * anonymous one by anyone who has its id. Everything else is answered exactly as an unknown id, so
 * that nobody learns that another owner's upload exists.
 */
export function isVisibleTo(record: Pick<UploadRecord, 'owner'>, caller: string | null): boolean {
  return record.owner === undefined || record.owner === caller;
}
