import type { UploadRecord } from '@image-pipeline/service-kit';

/** Read access to upload records. */
export interface RecordReader {
  get(id: string): Promise<UploadRecord | null>;
}

/** Short-lived links to thumbnails. */
export interface ThumbnailLinker {
  url(key: string, expiresInSeconds: number): Promise<string>;
}
