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
  const { id, metadata } = done;
  const plan = visualPlan(metadata, deps.config.visualLimits);
  let visual: VisualFeatures;
  if (plan !== 'decode' && !('preview' in plan)) {
    visual = plan;
  } else {
    try {
      const fromPreview = plan !== 'decode';
      const bytes = fromPreview
        ? await deps.objects.byteSource(uploadKey(id), object).read(plan.preview.offset, plan.preview.length)
        : await deps.objects.readWhole(uploadKey(id), object);
      let computed: Awaited<ReturnType<typeof computeVisual>> | null = null;
      try {
        computed = fromPreview
          ? await computeVisual(bytes, 'jpeg', deps.config.visualLimits, { orientation: metadata.image.orientation })
          : await computeVisual(bytes, metadata.file.format, deps.config.visualLimits);
      } catch (error) {
        // Damaged pixels are the file's problem, not ours: a warning, and DONE stays DONE.
        deps.logger.warn('Image could not be decoded for visual features', { id, cause: describeError(error) });
        visual = { error: 'DECODE_FAILED' };
      }
      if (computed) {
        const key = thumbnailKey(id);
        await deps.thumbnails.putThumbnail(key, computed.thumbnail);
        const { thumbnail: _bytes, ...features } = computed;
        visual = { thumbnailKey: key, ...features, ...(fromPreview && { fromEmbeddedPreview: true as const }) };
      }
    } catch (error) {
      if (error instanceof StorageUnavailableError) throw error;
      deps.logger.error('Unexpected error in the visual step; recording VISUAL_FAILED', { id, cause: describeError(error) });
      visual = { error: 'VISUAL_FAILED' };
    }
  }
  // Final now: the one "Upload Processed" event, from the delivery whose write made it so.
  if (await deps.records.setVisual(id, visual!)) await publishAfterWrite(deps, uploadEvent(UploadEventType.processed, { ...done, visual: visual! }));
  return visual!;
}

/** A short word for logs. */
export function visualOutcome(visual: VisualFeatures): string {
  if ('skipped' in visual) return `skipped:${visual.skipped}`;
  if ('error' in visual) return `error:${visual.error}`;
  return 'ok';
}
