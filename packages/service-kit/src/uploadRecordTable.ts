import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { translateStorageErrors } from './transientErrors';
import type { UploadRecord } from './uploadRecord';

/** One upload record, read strongly consistent so that a poll never goes back in time. */
export async function readUploadRecord(client: DynamoDBDocumentClient, tableName: string, id: string): Promise<UploadRecord | null> {
  const { Item } = await translateStorageErrors(() => client.send(new GetCommand({ TableName: tableName, Key: { Id: id }, ConsistentRead: true })));
  return (Item as UploadRecord | undefined) ?? null;
}
