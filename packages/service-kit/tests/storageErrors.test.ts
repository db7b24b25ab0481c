import { StorageUnavailableError } from '../src/errors';
import { isTransientAwsError, storageError, translateStorageErrors } from '../src/transientErrors';

const awsError = (name: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(`${name} happened`), { name, ...fields });

describe('the retry classifier', () => {
  it.each([
    ['throttling', awsError('ThrottlingException')],
    ['DynamoDB capacity', awsError('ProvisionedThroughputExceededException')],
    ['S3 SlowDown', awsError('SlowDown')],
    ['a socket timeout', awsError('TimeoutError')],
    ['a 5xx', awsError('InternalFailure', { $metadata: { httpStatusCode: 502 } })],
    ['an SDK-flagged retryable error', awsError('Whatever', { $retryable: { throttling: false } })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('calls %s transient', (_name, error) => {
    expect(isTransientAwsError(error)).toBe(true);
  });

  it.each([
    ['a denied permission', awsError('AccessDeniedException', { $metadata: { httpStatusCode: 403 } })],
    ['a failed condition', awsError('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } })],
    ['a bug', new TypeError('x is undefined')],
    ['a string', 'boom'],
  ])('does not call %s transient', (_name, error) => {
    expect(isTransientAwsError(error)).toBe(false);
  });
});

describe('translating storage errors for the ports', () => {
  it('turns a transient SDK error into StorageUnavailableError, keeping it as the cause', async () => {
    const cause = awsError('SlowDown');
    const translated = storageError(cause);
    expect(translated).toBeInstanceOf(StorageUnavailableError);
    expect((translated as Error).cause).toBe(cause);
    await expect(translateStorageErrors(() => Promise.reject(cause))).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('passes anything else through unchanged, and results too', async () => {
    const denied = awsError('AccessDenied', { $metadata: { httpStatusCode: 403 } });
    expect(storageError(denied)).toBe(denied);
    await expect(translateStorageErrors(() => Promise.reject(denied))).rejects.toBe(denied);
    await expect(translateStorageErrors(() => Promise.resolve(42))).resolves.toBe(42);
  });
});
