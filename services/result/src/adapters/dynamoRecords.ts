import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StorageUnavailableError, type ListPosition, type UploadRecord } from '@image-pipeline/service-kit';
import { fromItem, readUploadRecord, translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { RecordReader } from '../ports';

/** BatchGetItem may leave keys unprocessed under load: asked again this many times, backing off. */
const BATCH_ATTEMPTS = 4;
const BATCH_BACKOFF_MS = 50;

/** The global secondary index on owner + upload time (serverless.yml): GET /uploads queries it. */
export const OWNER_INDEX = 'ByOwner';

/** Upload records in DynamoDB, read by GET /result, /results and /uploads. */
export class DynamoRecords implements RecordReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(id: string): Promise<UploadRecord | null> {
    return readUploadRecord(this.client, this.tableName, id);
  }

  /** One BatchGetItem, strongly consistent like get(); unprocessed keys are asked again, never reported missing. */
  async getMany(ids: string[]): Promise<Map<string, UploadRecord>> {
    const found = new Map<string, UploadRecord>();
    let keys: Record<string, unknown>[] = ids.map((id) => ({ Id: id }));
    for (let attempt = 1; keys.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new StorageUnavailableError(`BatchGetItem left ${keys.length} keys unprocessed after ${BATCH_ATTEMPTS} attempts`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, BATCH_BACKOFF_MS * 2 ** (attempt - 2) * (0.5 + Math.random())));
      const { Responses, UnprocessedKeys } = await translateStorageErrors(() =>
        this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } })),
      );
      for (const item of Responses?.[this.tableName] ?? []) {
        const record = fromItem(item);
        found.set(record.id, record);
      }
      keys = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }

  /** A Query on the owner index, newest first (never a Scan): one page of `limit`. */
  async listByOwner(owner: string, limit: number, after: ListPosition | null): Promise<{ records: UploadRecord[]; last: ListPosition | null }> {
    const { Items, LastEvaluatedKey } = await translateStorageErrors(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: OWNER_INDEX,
          KeyConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
          ScanIndexForward: false,
          Limit: limit,
          ...(after && { ExclusiveStartKey: { Id: after.id, owner, uploadedAt: after.uploadedAt } }),
        }),
      ),
    );
    const last = LastEvaluatedKey ? { id: String(LastEvaluatedKey.Id), uploadedAt: String(LastEvaluatedKey.uploadedAt) } : null;
    return { records: (Items ?? []).map(fromItem), last };
  }
}
