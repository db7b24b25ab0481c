/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_API_URL?: string;
  readonly VITE_MAX_UPLOAD_BYTES?: string;
  readonly VITE_MAX_PRESIGNED_UPLOAD_BYTES?: string;
  readonly VITE_MAX_MULTIPART_UPLOAD_BYTES?: string;
}
