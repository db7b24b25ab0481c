import { emptyResponse, errorResponse, jsonResponse, normalizeHeaders } from '../src/http';
import { ServiceError, StorageUnavailableError } from '../src/errors';
import { fakeLogger } from '../../../tests/fakeLogger';

function recordingLogger() {
  const logger = fakeLogger();
  return { lines: logger.lines, logger };
}

describe('errorResponse', () => {
  const cors = { origin: 'https://photos.example.com' };

  it.each([
    ['INVALID_ID', 400, {}],
    ['UNAUTHORIZED', 401, { 'WWW-Authenticate': 'Bearer' }],
    ['FORBIDDEN', 403, {}],
    ['NOT_FOUND', 404, {}],
    ['FILE_TOO_LARGE', 413, {}],
    ['UNSUPPORTED_TYPE', 415, {}],
    ['UNAVAILABLE', 503, { 'Retry-After': '2' }],
  ] as const)('answers %s with %i, its code and message, its headers and CORS', (code, status, headers) => {
    const { logger } = recordingLogger();
    const response = errorResponse(new ServiceError(code, 'Shown as it is.'), cors, logger);
    expect(response.statusCode).toBe(status);
    expect(JSON.parse(response.body)).toEqual({ error: { code, message: 'Shown as it is.' } });
    expect(response.headers).toMatchObject({ ...headers, 'Access-Control-Allow-Origin': cors.origin, Vary: 'Origin' });
  });

  it('answers anything else with a 500 INTERNAL that shows no internals, and logs it as an error', () => {
    const { lines, logger } = recordingLogger();
    const response = errorResponse(new TypeError('secret internal detail'), cors, logger, { requestId: 'r-1' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'Unhandled error',
        fields: { requestId: 'r-1', code: 'INTERNAL', error: expect.stringContaining('TypeError: secret internal detail') },
      },
    ]);
  });

  it('answers a store that did not answer (StorageUnavailableError, from an adapter) with 503 UNAVAILABLE and Retry-After', () => {
    const { lines, logger } = recordingLogger();
    const response = errorResponse(new StorageUnavailableError('TimeoutError: socket hang up'), cors, logger, { requestId: 'r-2' });
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Retry-After': '2' });
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'UNAVAILABLE', message: expect.stringMatching(/try again shortly/) } });
    expect(response.body).not.toContain('socket');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ code: 'UNAVAILABLE', cause: expect.stringContaining('TimeoutError') }) }),
    ]);
  });

  it('logs a 5xx ServiceError with its cause, and no 4xx', () => {
    const { lines, logger } = recordingLogger();
    errorResponse(new ServiceError('NOT_FOUND', 'gone'), cors, logger);
    expect(lines).toEqual([]);
    errorResponse(new ServiceError('UNAVAILABLE', 'later', { cause: new Error('ThrottlingException') }), cors, logger);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ code: 'UNAVAILABLE', cause: expect.stringContaining('ThrottlingException') }),
      }),
    ]);
  });
});

describe('jsonResponse', () => {
  it('sends JSON with nosniff, and no Vary for a wildcard origin', () => {
    const response = jsonResponse(200, { a: 1 }, { origin: '*' });
    expect(response.headers).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'Location, Retry-After, ETag',
    });
  });
});

describe('normalizeHeaders', () => {
  it('lower-cases every name once, whatever case the client sent', () => {
    expect(normalizeHeaders({ Authorization: 'Bearer x', 'IF-NONE-MATCH': '"e"', 'content-type': 'a/b', Skipped: undefined })).toEqual({
      authorization: 'Bearer x',
      'if-none-match': '"e"',
      'content-type': 'a/b',
    });
    expect(normalizeHeaders(null)).toEqual({});
  });
});

describe('emptyResponse', () => {
  it('answers 204 and 304 with no body, CORS and the given headers', () => {
    const response = emptyResponse(304, { origin: '*' }, { ETag: '"e"' });
    expect(response).toEqual({ statusCode: 304, body: '', headers: expect.objectContaining({ ETag: '"e"', 'Access-Control-Allow-Origin': '*' }) });
  });
});
