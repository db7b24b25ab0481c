import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UploadRecord } from '@image-pipeline/service-kit';
import { readUploadRecord } from '@image-pipeline/service-kit/aws';
import type { RecordReader } from '../ports';

/** Upload records in DynamoDB. */
export class DynamoRecordReader implements RecordReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(id: string): Promise<UploadRecord | null> {
    return readUploadRecord(this.client, this.tableName, id);
  }
}
