import type {
  MultipartPartUrls,
  MultipartStarted,
  ResultBody,
  ResultsEntry,
  UploadAccepted,
  UploadList,
  UploadUrlGranted,
  VisualFeatures,
} from '@image-pipeline/service-kit';
import { uploadInParts, type MultipartApi } from './multipart';

/** What GET /result/{id} returns (the API's one declaration, in the service kit). */
export type UploadResult = ResultBody;
export type { ResultsEntry, UploadList, VisualFeatures };

/** A refusal from the server (its code and message), a network failure, or a cancellation. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Worth asking again after a pause: the network, throttling (429) or a busy or slow server (502, 503, 504). */
  get transient(): boolean {
    return this.code === 'NETWORK' || [429, 502, 503, 504].includes(this.status);
  }

  /** The API needs a signed-in caller (401 with WWW-Authenticate: Bearer). */
  get authRequired(): boolean {
    return this.status === 401 && this.code === 'AUTH_REQUIRED';
  }
}

export type Progress = (fraction: number) => void;

export interface UploadOptions {
  /** A private upload: the server removes the location, serial numbers and owner's name. */
  private: boolean;
  /** The MIME type to declare (sniff.ts declaredMimeType); the browser's own by default. */
  contentType?: string;
}

/** An accepted upload: its id and, for an anonymous upload, the token that deletes it (shown once). */
export type Accepted = Pick<UploadAccepted, 'id' | 'deleteToken'>;

/** The pipeline's HTTP API. */
export class ApiClient implements MultipartApi {
  constructor(
    private readonly baseUrl: string,
    /** The signed-in caller's bearer token, when the API requires one (AUTH_MODE=jwt); sent to the API only, never to storage. */
    private readonly bearerToken: () => string | null = () => null,
  ) {}

  private authHeaders(): Record<string, string> {
    const token = this.bearerToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  /** POST /upload as multipart, with upload progress. */
  async uploadDirect(file: File, options: UploadOptions, onProgress: Progress, signal: AbortSignal): Promise<Accepted> {
    const form = new FormData();
    form.append('private', String(options.private));
    form.append('file', file, file.name);
    const { body } = await this.send({ method: 'POST', url: `${this.baseUrl}/upload`, body: form, headers: this.authHeaders(), onProgress, signal });
    return body as Accepted;
  }

  /** POST /upload-url, then PUT the file straight to storage, with upload progress. */
  async uploadPresigned(file: File, options: UploadOptions, onProgress: Progress, signal: AbortSignal): Promise<Accepted> {
    const grant = (await this.postJson('/upload-url', declaration(file, options), this.authHeaders(), signal)) as UploadUrlGranted;
    await this.send({ method: 'PUT', url: grant.uploadUrl, body: file, headers: grant.headers, onProgress, signal, storage: true });
    return { id: grant.id, deleteToken: grant.deleteToken };
  }

  /** A file above the presigned limit: straight to storage in parts (multipart.ts), with progress, retries and Cancel. */
  uploadMultipart(file: File, options: UploadOptions, onProgress: Progress, signal: AbortSignal): Promise<Accepted> {
    return uploadInParts(this, file, options, onProgress, signal);
  }

  /** POST /multipart-uploads. */
  async startMultipart(file: File, options: UploadOptions, signal: AbortSignal): Promise<MultipartStarted> {
    return (await this.postJson('/multipart-uploads', declaration(file, options), this.authHeaders(), signal)) as MultipartStarted;
  }

  /** POST /multipart-uploads/{id}/parts: presigned PUTs for these parts. */
  async signParts(id: string, partNumbers: number[], deleteToken: string | null, signal: AbortSignal): Promise<MultipartPartUrls['parts']> {
    const body = await this.postJson(`/multipart-uploads/${encodeURIComponent(id)}/parts`, { partNumbers }, this.uploadCredential(deleteToken), signal);
    return (body as MultipartPartUrls).parts;
  }

  /** PUT one part to storage; resolves to the ETag storage answered. */
  async putPart(part: { url: string; headers: Record<string, string> }, data: Blob, onProgress: Progress, signal: AbortSignal): Promise<string> {
    const { etag } = await this.send({ method: 'PUT', url: part.url, body: data, headers: part.headers, onProgress, signal, storage: true });
    if (!etag) throw new ApiError('STORAGE_REFUSED', 'Storage sent no ETag for a part (is ETag an exposed CORS header?).');
    return etag;
  }

  /** POST /multipart-uploads/{id}/complete with every part's ETag. */
  async completeMultipart(id: string, parts: { partNumber: number; etag: string }[], deleteToken: string | null, signal: AbortSignal): Promise<void> {
    await this.postJson(`/multipart-uploads/${encodeURIComponent(id)}/complete`, { parts }, this.uploadCredential(deleteToken), signal);
  }

  /** DELETE /multipart-uploads/{id}: the parts sent so far are removed. */
  async abortMultipart(id: string, deleteToken: string | null): Promise<void> {
    await this.send({
      method: 'DELETE',
      url: `${this.baseUrl}/multipart-uploads/${encodeURIComponent(id)}`,
      body: null,
      headers: this.uploadCredential(deleteToken),
      signal: new AbortController().signal,
    });
  }

  /** POST a JSON body to the API; resolves to the answer's body. */
  private async postJson(path: string, body: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<unknown> {
    const answer = await this.send({
      method: 'POST',
      url: `${this.baseUrl}${path}`,
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', ...headers },
      signal,
    });
    return answer.body;
  }

  /** An anonymous upload is changed with its delete token; an owned one with the caller's token. */
  private uploadCredential(deleteToken: string | null): Record<string, string> {
    return deleteToken ? { Authorization: `Bearer ${deleteToken}` } : this.authHeaders();
  }

  /** DELETE /result/{id}: with the upload's delete token, or signed in as its owner. An upload already gone counts as deleted. */
  async deleteUpload(id: string, deleteToken: string | null): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/result/${encodeURIComponent(id)}`, { method: 'DELETE', headers: this.uploadCredential(deleteToken) });
    } catch (error) {
      throw new ApiError('NETWORK', `Could not reach the server (${(error as Error).message}).`);
    }
    if (response.status === 204 || response.status === 404) return;
    throw errorFrom(response.status, await response.json().catch(() => null));
  }

  /** GET /results?ids=… for up to LIFECYCLE.resultsPerRequest uploads in one request; unknown ids come back as NOT_FOUND entries. */
  async results(ids: string[], signal: AbortSignal): Promise<{ results: ResultsEntry[]; retryAfter: number | null }> {
    const { body, retryAfter } = await this.getJson(`${this.baseUrl}/results?ids=${ids.map(encodeURIComponent).join(',')}`, signal);
    return { results: (body as { results: ResultsEntry[] }).results, retryAfter };
  }

  /** GET /uploads: the signed-in caller's uploads, newest first, a page at a time. */
  async uploads(cursor: string | null, signal: AbortSignal): Promise<UploadList> {
    const { body } = await this.getJson(`${this.baseUrl}/uploads?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal);
    return body as UploadList;
  }

  private async getJson(url: string, signal: AbortSignal): Promise<{ body: unknown; retryAfter: number | null }> {
    let response: Response;
    try {
      response = await fetch(url, { signal, cache: 'no-store', headers: this.authHeaders() });
    } catch (error) {
      if (signal.aborted) throw new ApiError('CANCELLED', 'Cancelled.');
      throw new ApiError('NETWORK', `Could not reach the server (${(error as Error).message}).`);
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw errorFrom(response.status, body);
    const retryAfter = response.headers.get('Retry-After');
    return { body, retryAfter: retryAfter ? Number(retryAfter) : null };
  }

  private send(request: {
    method: string;
    url: string;
    body: XMLHttpRequestBodyInit | null;
    headers?: Record<string, string>;
    onProgress?: Progress;
    signal: AbortSignal;
    storage?: boolean;
  }): Promise<{ status: number; body: unknown; etag: string | null }> {
    return new Promise((resolve, reject) => {
      // An XMLHttpRequest aborted before it is sent fires no event: a request cancelled already is refused here.
      if (request.signal.aborted) return reject(new ApiError('CANCELLED', 'Upload cancelled.'));
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url);
      for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
      if (request.onProgress) {
        const onProgress = request.onProgress;
        xhr.upload.addEventListener('progress', (event) => {
          if (event.lengthComputable) onProgress(event.loaded / event.total);
        });
      }
      const abort = () => xhr.abort();
      request.signal.addEventListener('abort', abort, { once: true });
      // However the request ends, the signal (shared by every part of a multipart upload) lets go of it.
      xhr.addEventListener('loadend', () => request.signal.removeEventListener('abort', abort));
      xhr.addEventListener('abort', () => reject(new ApiError('CANCELLED', 'Upload cancelled.')));
      xhr.addEventListener('error', () => reject(new ApiError('NETWORK', 'Could not reach the server. Check your connection and try again.')));
      xhr.addEventListener('load', () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, body, etag: xhr.getResponseHeader('ETag') });
        else
          reject(
            request.storage ? new ApiError('STORAGE_REFUSED', `Storage refused the upload (HTTP ${xhr.status}).`, xhr.status) : errorFrom(xhr.status, body),
          );
      });
      xhr.send(request.body);
    });
  }
}

/** What the page declares of a file it sends straight to storage. */
function declaration(file: File, options: UploadOptions) {
  return { filename: file.name, size: file.size, contentType: options.contentType ?? (file.type || 'application/octet-stream'), private: options.private };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') return new ApiError(error.code, error.message, status);
  return new ApiError(
    `HTTP_${status}`,
    status >= 500 ? `The server had a problem (HTTP ${status}). Try again in a moment.` : `The server refused the request (HTTP ${status}).`,
    status,
  );
}
