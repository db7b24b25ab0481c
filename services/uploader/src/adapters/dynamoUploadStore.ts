import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UploadStatus, type UploadRecord } from '@image-pipeline/service-kit';
import type { UploadStore } from '../ports';

/** Upload records in DynamoDB. */
export class DynamoUploadStore implements UploadStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createPending(record: UploadRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: record, ConditionExpression: 'attribute_not_exists(Id)' }));
  }

  async markFailed(id: string, error: { code: string; message: string }, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { Id: id },
        UpdateExpression: 'SET #status = :failed, #error = :error, processedAt = :at',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
        ExpressionAttributeValues: { ':failed': UploadStatus.FAILED, ':pending': UploadStatus.PENDING, ':error': error, ':at': at },
      }),
    );
  }
}
