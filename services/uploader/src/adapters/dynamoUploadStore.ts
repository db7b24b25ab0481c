import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TRANSITIONS, type UploadError, type UploadRecord } from '@image-pipeline/service-kit';
import { applyTransition, itemAttributes, readUploadRecord, translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { MultipartUploadStore } from '../ports';

/** Upload records in DynamoDB. */
export class DynamoUploadStore implements MultipartUploadStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createPending(record: UploadRecord): Promise<void> {
    await translateStorageErrors(() =>
      this.client.send(new PutCommand({ TableName: this.tableName, Item: itemAttributes(record), ConditionExpression: 'attribute_not_exists(Id)' })),
    );
  }

  get(id: string): Promise<UploadRecord | null> {
    return readUploadRecord(this.client, this.tableName, id);
  }

  async markPartsCompleted(id: string, at: string): Promise<boolean> {
    return null !== (await applyTransition(this.client, this.tableName, { id, transition: TRANSITIONS.completeParts, set: { partsCompletedAt: at } }));
  }

  async markCancelled(id: string, error: UploadError, at: string): Promise<boolean> {
    return (
      null !==
      (await applyTransition(this.client, this.tableName, { id, transition: TRANSITIONS.cancel, set: { error, processedAt: at }, remove: ['staleAt'] }))
    );
  }

  async markStoreFailed(id: string, error: UploadError, at: string): Promise<boolean> {
    return (
      null !==
      (await applyTransition(this.client, this.tableName, { id, transition: TRANSITIONS.failStore, set: { error, processedAt: at }, remove: ['staleAt'] }))
    );
  }
}
