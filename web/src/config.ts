/** Settings baked in at build time (Vite's VITE_* variables). */
export const config = {
  /** The API's base URL, without a trailing slash. */
  apiUrl: (import.meta.env.VITE_API_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
  /** Largest file sent through POST /upload; larger ones go straight to S3 with a presigned PUT. */
  directUploadLimit: Number(import.meta.env.VITE_MAX_UPLOAD_BYTES ?? 4 * 1024 * 1024),
  /** Largest file sent with one presigned PUT; larger ones go to S3 in parts (a multipart upload). */
  presignedUploadLimit: Number(import.meta.env.VITE_MAX_PRESIGNED_UPLOAD_BYTES ?? 50 * 1024 * 1024),
  /** Largest file accepted at all (the server's MAX_MULTIPART_UPLOAD_BYTES). */
  multipartUploadLimit: Number(import.meta.env.VITE_MAX_MULTIPART_UPLOAD_BYTES ?? 5 * 1024 * 1024 * 1024),
};
