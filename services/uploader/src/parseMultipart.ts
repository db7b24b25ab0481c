import { ServiceError } from '@image-pipeline/service-kit';
import busboy from 'busboy';

/** Room for the multipart envelope around the file: boundaries and part headers. */
const ENVELOPE_BYTES = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface MultipartFile {
  filename: string | undefined;
  bytes: Uint8Array;
  /** The optional text field `private` (`true`/`false`, before or after the file part). */
  private: boolean;
}

/**
 * Parses a multipart/form-data request holding exactly one file part (field `file`), with limits on
 * the file size, the number of parts and fields, and header sizes. Every problem is an ServiceError.
 */
export async function parseMultipart(
  request: { contentType: string | undefined; body: string | null; isBase64Encoded: boolean },
  limits: { maxFileBytes: number },
): Promise<MultipartFile> {
  const contentType = request.contentType ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'Send the photo as multipart/form-data with a "file" part.');
  }
  if (!/;\s*boundary=/i.test(contentType)) throw new ServiceError('MALFORMED_MULTIPART', 'The multipart request has no boundary.');
  const body = decodeBody(request.body, request.isBase64Encoded);
  if (body.length > limits.maxFileBytes + ENVELOPE_BYTES) {
    throw new ServiceError('FILE_TOO_LARGE', `The file is larger than ${limits.maxFileBytes} bytes; ask for an upload URL instead (POST /upload-url).`);
  }
  return new Promise<MultipartFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        // busboy reports 'limit' on reaching fileSize, so allow one byte more: a file of exactly the limit is fine.
        limits: { files: 1, fileSize: limits.maxFileBytes + 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 20, fieldNameSize: 100 },
      });
    } catch (error) {
      reject(new ServiceError('MALFORMED_MULTIPART', 'The multipart request could not be read.', { cause: error }));
      return;
    }
    let failure: ServiceError | null = null;
    let found: MultipartFile | null = null;
    let fileParts = 0;
    let privateField: 'true' | 'false' | null = null;
    const fail = (error: ServiceError) => {
      failure ??= error;
    };
    parser.on('file', (field, stream, info) => {
      fileParts += 1;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(new ServiceError('FILE_TOO_LARGE', `The file is larger than ${limits.maxFileBytes} bytes; ask for an upload URL instead (POST /upload-url).`)),
      );
      stream.on('close', () => {
        if (field === 'file' && fileParts === 1) found = { filename: info.filename, bytes: Buffer.concat(chunks), private: false };
      });
      stream.on('error', () => fail(new ServiceError('MALFORMED_MULTIPART', 'The file part is damaged.')));
    });
    parser.on('field', (name, value) => {
      if (name !== 'private') return;
      if (value !== 'true' && value !== 'false') fail(new ServiceError('INVALID_REQUEST', 'The "private" field must be true or false.'));
      // Sent twice with different values, the choice is ambiguous: never read as the less private one.
      else if (privateField !== null && privateField !== value)
        fail(new ServiceError('INVALID_REQUEST', 'The "private" field is sent twice with different values.'));
      else privateField = value;
    });
    parser.on('filesLimit', () => fail(new ServiceError('TOO_MANY_FILES', 'Send one file per request.')));
    parser.on('partsLimit', () => fail(new ServiceError('MALFORMED_MULTIPART', 'The request has too many parts.')));
    parser.on('fieldsLimit', () => fail(new ServiceError('MALFORMED_MULTIPART', 'The request has too many fields.')));
    parser.on('error', (error: unknown) => {
      reject(failure ?? new ServiceError('MALFORMED_MULTIPART', 'The multipart request is malformed or truncated.', { cause: error }));
    });
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (fileParts > 1) reject(new ServiceError('TOO_MANY_FILES', 'Send one file per request.'));
      else if (!found || (found.bytes.length === 0 && !found.filename)) reject(new ServiceError('NO_FILE', 'The request has no "file" part.'));
      else resolve({ ...found, private: privateField === 'true' });
    });
    parser.end(body);
  });
}

function decodeBody(body: string | null, isBase64Encoded: boolean): Buffer {
  if (!body) return Buffer.alloc(0);
  if (!isBase64Encoded) return Buffer.from(body, 'utf8');
  const compact = body.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new ServiceError('MALFORMED_MULTIPART', 'The request body is not valid base64.');
  }
  return Buffer.from(compact, 'base64');
}
