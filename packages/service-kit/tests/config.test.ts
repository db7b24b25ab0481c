import { readAwsConfig } from '../src/awsClients';
import { booleanFlag, ConfigError, positiveInteger, requireString } from '../src/env';

describe('configuration parsers', () => {
  it('requireString refuses a missing or blank value, and trims', () => {
    expect(requireString({ A: ' x ' }, 'A')).toBe('x');
    expect(() => requireString({}, 'A')).toThrow(ConfigError);
    expect(() => requireString({ A: '  ' }, 'A')).toThrow('A must be set');
  });

  it('positiveInteger takes whole positive numbers, the default when unset, and refuses the rest', () => {
    expect(positiveInteger({ N: '42' }, 'N', 7)).toBe(42);
    expect(positiveInteger({}, 'N', 7)).toBe(7);
    for (const bad of ['0', '-1', '1.5', 'ten', '9007199254740993']) expect(() => positiveInteger({ N: bad }, 'N', 7)).toThrow(ConfigError);
  });

  it('booleanFlag takes true/false/1/0 in any case, the default when unset, and refuses the rest', () => {
    expect(booleanFlag({ B: 'TRUE' }, 'B', false)).toBe(true);
    expect(booleanFlag({ B: '0' }, 'B', true)).toBe(false);
    expect(booleanFlag({}, 'B', true)).toBe(true);
    expect(() => booleanFlag({ B: 'yes' }, 'B', false)).toThrow(ConfigError);
  });
});

describe('the IS_OFFLINE gate', () => {
  const local = {
    IS_OFFLINE: 'true',
    AWS_ENDPOINT_URL_S3: 'http://localhost:4569',
    AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:8000',
    AWS_REGION: 'eu-west-1',
  };

  it('points the clients at the emulators only under serverless-offline', () => {
    expect(readAwsConfig(local)).toEqual({
      region: 'eu-west-1',
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 1500,
      maxAttempts: 2,
      local: { s3Endpoint: 'http://localhost:4569', dynamodbEndpoint: 'http://localhost:8000' },
    });
    expect(readAwsConfig({ ...local, AWS_STORAGE_REQUEST_TIMEOUT_MS: '10000' })).toMatchObject({
      connectionTimeoutMs: 10_000,
      requestTimeoutMs: 10_000,
      maxAttempts: 1,
    });
  });

  it.each([
    ['IS_OFFLINE unset', { ...local, IS_OFFLINE: undefined }],
    ['IS_OFFLINE false', { ...local, IS_OFFLINE: 'false' }],
    ['IS_OFFLINE 1', { ...local, IS_OFFLINE: '1' }],
  ])('never uses emulator endpoints or credentials with %s, whatever else is set', (_name, env) => {
    expect(readAwsConfig({ ...env, AWS_STORAGE_REQUEST_TIMEOUT_MS: '60000' })).toEqual({
      region: 'eu-west-1',
      local: null,
      connectionTimeoutMs: 1000,
      requestTimeoutMs: 1500,
      maxAttempts: 2,
    });
  });
});
