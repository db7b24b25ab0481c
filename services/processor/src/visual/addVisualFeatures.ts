import type { ImageMetadata } from '@image-pipeline/metadata';
import { isTransientAwsError, thumbnailKey, uploadKey, type VisualFeatures } from '@image-pipeline/service-kit';
import type { ObjectReader, RecordStore, StoredObject, ThumbnailStore } from '../ports';
import { computeVisual, visualPlan, type VisualLimits } from './visualFeatures';

export interface AddVisualDeps {
  objects: ObjectReader;
  thumbnails: ThumbnailStore;
  records: RecordStore;
  config: { visualLimits: VisualLimits };
}

/**
 * After DONE: decodes the image if its header says it fits the limits, stores its thumbnail and
 * records `visual`. A decode failure is recorded (DONE stays DONE); a transient AWS error is
 * rethrown, and the retry resumes here because the record is DONE without `visual`.
 */
export async function addVisualFeatures(deps: AddVisualDeps, id: string, object: StoredObject, metadata: ImageMetadata): Promise<VisualFeatures> {
  const plan = visualPlan(metadata, deps.config.visualLimits);
  let visual: VisualFeatures;
  if (plan !== 'decode') {
    visual = plan;
  } else {
    try {
      const bytes = await deps.objects.readWhole(uploadKey(id), object);
      let computed: Awaited<ReturnType<typeof computeVisual>> | null = null;
      try {
        computed = await computeVisual(bytes, deps.config.visualLimits);
      } catch {
        visual = { error: 'DECODE_FAILED' };
      }
      if (computed) {
        const key = thumbnailKey(id);
        await deps.thumbnails.putThumbnail(key, computed.thumbnail);
        const { thumbnail: _bytes, ...features } = computed;
        visual = { thumbnailKey: key, ...features };
      }
    } catch (error) {
      if (isTransientAwsError(error)) throw error;
      visual = { error: 'VISUAL_FAILED' };
    }
  }
  await deps.records.setVisual(id, visual!);
  return visual!;
}

/** A short word for logs. */
export function visualOutcome(visual: VisualFeatures): string {
  if ('skipped' in visual) return `skipped:${visual.skipped}`;
  if ('error' in visual) return `error:${visual.error}`;
  return 'ok';
}
