import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { processingDeadline, TRANSITIONS, type UploadError, type UploadRecord, type VisualFeatures } from '@image-pipeline/service-kit';
import { applyTransition, readUploadRecord } from '@image-pipeline/service-kit/aws';
import type { ClaimResult, CompletedResult, RecordStore } from '../ports';

/** Upload records in DynamoDB; every transition is one conditional update built from the lifecycle's table. */
export class DynamoRecordStore implements RecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(id: string): Promise<UploadRecord | null> {
    return readUploadRecord(this.client, this.tableName, id);
  }

  async claim(id: string, etag: string, now: Date): Promise<ClaimResult> {
    const updated = await applyTransition(this.client, this.tableName, {
      id,
      transition: TRANSITIONS.claim,
      etag,
      set: { etag, staleAt: processingDeadline(now).toISOString() },
      add: { attempts: 1 },
    });
    if (!updated) return { claimed: false, record: await this.get(id) };
    return { claimed: true, attempts: Number(updated.attempts ?? 1) };
  }

  async complete(id: string, etag: string, result: CompletedResult): Promise<boolean> {
    const updated = await applyTransition(this.client, this.tableName, { id, transition: TRANSITIONS.complete, etag, set: result, remove: ['staleAt'] });
    return updated !== null;
  }

  async setVisual(id: string, visual: VisualFeatures): Promise<boolean> {
    return (await applyTransition(this.client, this.tableName, { id, transition: TRANSITIONS.addVisual, set: { visual } })) !== null;
  }

  async fail(id: string, error: UploadError, processedAt: string): Promise<boolean> {
    return (
      (await applyTransition(this.client, this.tableName, { id, transition: TRANSITIONS.fail, set: { error, processedAt }, remove: ['staleAt'] })) !== null
    );
  }
}
