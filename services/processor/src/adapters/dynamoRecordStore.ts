import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UploadStatus, type UploadRecord, type VisualFeatures } from '@image-pipeline/service-kit';
import { readUploadRecord, storageError } from '@image-pipeline/service-kit/aws';
import type { ClaimResult, CompletedResult, RecordStore } from '../ports';

const NAMES = { '#status': 'status' };

/** Upload records in DynamoDB; every transition is a conditional update. */
export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(id: string): Promise<UploadRecord | null> {
    return readUploadRecord(this.client, this.tableName, id);
  }

  async claim(id: string, etag: string, now: Date, staleAt: Date): Promise<ClaimResult> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { Id: id },
          UpdateExpression: 'SET #status = :processing, etag = :etag, staleAt = :staleAt, processingStartedAt = :now ADD attempts :one',
          ConditionExpression: 'attribute_exists(Id) AND (#status = :pending OR (#status = :processing AND etag = :etag))',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: {
            ':processing': UploadStatus.PROCESSING,
            ':pending': UploadStatus.PENDING,
            ':etag': etag,
            ':staleAt': staleAt.toISOString(),
            ':now': now.toISOString(),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { claimed: true, attempts: Number(Attributes?.attempts ?? 1) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { claimed: false, record: await this.get(id) };
      throw storageError(error);
    }
  }

  async complete(id: string, etag: string, result: CompletedResult): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { Id: id },
        UpdateExpression: 'SET #status = :done, metadata = :metadata, processedAt = :at, locationRedacted = :locationRedacted, redacted = :redacted REMOVE staleAt',
        ConditionExpression: '#status = :processing AND etag = :etag',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ':done': UploadStatus.DONE,
          ':processing': UploadStatus.PROCESSING,
          ':etag': etag,
          ':metadata': result.metadata,
          ':at': result.processedAt,
          ':locationRedacted': result.locationRedacted,
          ':redacted': result.redacted,
        },
      }),
    );
  }

  async setVisual(id: string, visual: VisualFeatures): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { Id: id },
        UpdateExpression: 'SET visual = :visual',
        ConditionExpression: '#status = :done AND attribute_not_exists(visual)',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ':visual': visual, ':done': UploadStatus.DONE },
      }),
    );
  }

  async fail(id: string, error: { code: string; message: string }, processedAt: string): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { Id: id },
        UpdateExpression: 'SET #status = :failed, #error = :error, processedAt = :at REMOVE staleAt',
        ConditionExpression: '#status IN (:pending, :processing)',
        ExpressionAttributeNames: { ...NAMES, '#error': 'error' },
        ExpressionAttributeValues: {
          ':failed': UploadStatus.FAILED,
          ':pending': UploadStatus.PENDING,
          ':processing': UploadStatus.PROCESSING,
          ':error': error,
          ':at': processedAt,
        },
      }),
    );
  }

  private async conditional(command: UpdateCommand): Promise<boolean> {
    try {
      await this.client.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw storageError(error);
    }
  }
}
