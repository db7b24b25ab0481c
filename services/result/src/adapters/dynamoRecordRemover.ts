import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UploadRecord } from '@image-pipeline/service-kit';
import { readUploadRecord } from '@image-pipeline/service-kit/aws';
import type { RecordRemover } from '../ports';

/** Upload records in DynamoDB, for DELETE /result/{id}. */
export class DynamoRecordRemover implements RecordRemover {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(id: string): Promise<UploadRecord | null> {
    return readUploadRecord(this.client, this.tableName, id);
  }

  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { Id: id } }));
  }
}
