/**
 * For the handler fault tests: a service's handler loaded fresh with a deployed-like environment (its
 * SDK clients stubbed with aws-sdk-client-mock), the faults an adapter can meet, and its log lines.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';

/** A bug in or below an adapter: must answer 500 INTERNAL and be logged as an error. */
export const programmingError = () => new TypeError("Cannot read properties of undefined (reading 'Item')");
/** A store that does not answer in time, as the SDK reports it: must answer 503 UNAVAILABLE with Retry-After. */
export const storageTimeout = () => Object.assign(new Error('Connection timed out after 1500 ms'), { name: 'TimeoutError' });

const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const eventBridge = mockClient(EventBridgeClient);

/**
 * The handler module at `modulePath`, loaded once per test file with the functions' deployed
 * environment (its config is read at cold start); its SDK clients stubbed, the stubs reset for each
 * test; and the JSON log lines it writes from now on.
 */
export function loadHandler<T>(modulePath: string): { module: T; dynamo: typeof dynamo; s3: typeof s3; logs: () => Record<string, unknown>[] } {
  Object.assign(process.env, {
    // Powertools' Logger then writes through the global console, which the test reads.
    POWERTOOLS_DEV: 'true',
    TABLE_NAME: 'uploads-table',
    UPLOADS_BUCKET: 'uploads-bucket',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    CORS_ORIGIN: 'https://photos.example.com',
  });
  delete process.env.IS_OFFLINE;
  dynamo.reset();
  s3.reset();
  eventBridge.reset();
  eventBridge.onAnyCommand().resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(String(args[0])));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the environment is set, as Lambda loads it
  const module = require(modulePath) as T;
  const logs = () => lines.flatMap((line) => (line.trimStart().startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : []));
  return { module, dynamo, s3, logs };
}
