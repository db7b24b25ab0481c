import {
  describeError,
  publishAfterWrite,
  StorageUnavailableError,
  thumbnailKey,
  uploadEvent,
  UploadEventType,
  uploadKey,
  type EventPublisher,
  type Logger,
  type Measurements,
  type UploadRecord,
  type VisualFeatures,
} from '@image-pipeline/service-kit';
import type { ObjectReader, RecordStore, StoredObject, ThumbnailStore } from '../ports';
import { computeVisual, visualPlan, type VisualLimits } from './visualFeatures';

export interface AddVisualDeps {
  objects: ObjectReader;
  thumbnails: ThumbnailStore;
  records: RecordStore;
  events: EventPublisher;
  logger: Logger;
  measure: Measurements;
  config: { visualLimits: VisualLimits };
}

/**
 * After DONE: decodes the image if its header says it fits the limits, stores its thumbnail,
 * records `visual` and publishes "Upload Processed". A decode failure is recorded (DONE stays DONE); a transient AWS error is
 * rethrown, and the retry resumes here because the record is DONE without `visual`.
 */
export async function addVisualFeatures(
  deps: AddVisualDeps,
  done: UploadRecord & { metadata: NonNullable<UploadRecord['metadata']> },
  object: StoredObject,
): Promise<VisualFeatures> {
  const plan = visualPlan(done.metadata, deps.config.visualLimits);
  let visual: VisualFeatures;
  try {
    visual = plan === 'decode' || 'preview' in plan ? await decodeAndStore(deps, done, object, plan) : plan;
  } catch (error) {
    if (error instanceof StorageUnavailableError) throw error;
    deps.logger.error('Unexpected error in the visual step; recording VISUAL_FAILED', { id: done.id, cause: describeError(error) });
    visual = { error: 'VISUAL_FAILED' };
  }
  // Final now: the one "Upload Processed" event, from the delivery whose write made it so.
  if (await deps.records.setVisual(done.id, visual)) await publishAfterWrite(deps, uploadEvent(UploadEventType.processed, { ...done, visual }));
  return visual;
}

/** Reads the image (or a RAW's embedded preview), decodes it and stores its thumbnail. */
async function decodeAndStore(
  deps: AddVisualDeps,
  { id, metadata }: UploadRecord & { metadata: NonNullable<UploadRecord['metadata']> },
  object: StoredObject,
  plan: 'decode' | { preview: { offset: number; length: number } },
): Promise<VisualFeatures> {
  const fromPreview = plan !== 'decode';
  const bytes = fromPreview
    ? await deps.objects.byteSource(uploadKey(id), object).read(plan.preview.offset, plan.preview.length)
    : await deps.objects.readWhole(uploadKey(id), object);
  let computed: Awaited<ReturnType<typeof computeVisual>>;
  try {
    computed = fromPreview
      ? await computeVisual(bytes, 'jpeg', deps.config.visualLimits, { orientation: metadata.image.orientation })
      : await computeVisual(bytes, metadata.file.format, deps.config.visualLimits);
  } catch (error) {
    // Damaged pixels are the file's problem, not ours: a warning, and DONE stays DONE.
    deps.logger.warn('Image could not be decoded for visual features', { id, cause: describeError(error) });
    return { error: 'DECODE_FAILED' };
  }
  const key = thumbnailKey(id);
  await deps.thumbnails.putThumbnail(key, computed.thumbnail);
  const { thumbnail: _bytes, ...features } = computed;
  return { thumbnailKey: key, ...features, ...(fromPreview && { fromEmbeddedPreview: true as const }) };
}

/** A short word for logs. */
export function visualOutcome(visual: VisualFeatures): string {
  if ('skipped' in visual) return `skipped:${visual.skipped}`;
  if ('error' in visual) return `error:${visual.error}`;
  return 'ok';
}
