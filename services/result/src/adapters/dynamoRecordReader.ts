import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UploadRecord } from '@image-pipeline/service-kit';
import type { RecordReader } from '../ports';

/** Upload records in DynamoDB, read strongly consistent so a poll never goes back in time. */
export class DynamoRecordReader implements RecordReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<UploadRecord | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { Id: id }, ConsistentRead: true }));
    return (Item as UploadRecord | undefined) ?? null;
  }
}
