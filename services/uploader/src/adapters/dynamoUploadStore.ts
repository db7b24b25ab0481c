import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TRANSITIONS, type UploadError, type UploadRecord } from '@image-pipeline/service-kit';
import { applyTransition, itemAttributes, translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { UploadStore } from '../ports';

/** Upload records in DynamoDB. */
export class DynamoUploadStore implements UploadStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createPending(record: UploadRecord): Promise<void> {
    await translateStorageErrors(() =>
      this.client.send(new PutCommand({ TableName: this.tableName, Item: itemAttributes(record), ConditionExpression: 'attribute_not_exists(Id)' })),
    );
  }

  async markStoreFailed(id: string, error: UploadError, at: string): Promise<boolean> {
    return (
      null !==
      (await applyTransition(this.client, this.tableName, { id, transition: TRANSITIONS.failStore, set: { error, processedAt: at }, remove: ['staleAt'] }))
    );
  }
}
