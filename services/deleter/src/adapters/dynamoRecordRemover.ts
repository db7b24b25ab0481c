import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UploadRecord } from '@image-pipeline/service-kit';
import { readUploadRecord, translateStorageErrors } from '@image-pipeline/service-kit/aws';
import type { RecordRemover } from '../ports';

/** Upload records in DynamoDB, read and removed by DELETE (this function's role alone may delete). */
export class DynamoRecordRemover implements RecordRemover {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(id: string): Promise<UploadRecord | null> {
    return readUploadRecord(this.client, this.tableName, id);
  }

  async remove(id: string): Promise<void> {
    await translateStorageErrors(() => this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { Id: id } })));
  }
}
