import { describeError } from './errors';
import type { Logger } from './logger';
import { Metric, type Measurements } from './measurements';
import type { UploadEvent } from './upload/events';

/** Where completion events go (EventBridge deployed, a local file under serverless-offline). */
export interface EventPublisher {
  publish(event: UploadEvent): Promise<void>;
}

/**
 * Publishes an event after its transition was written. A publish that fails past the SDK's retries
 * is logged (code EVENT_NOT_PUBLISHED, the upload id and the event type) and counted
 * (EventsNotPublished), and never changes the upload: a DONE upload stays DONE.
 */
export async function publishAfterWrite(deps: { events: EventPublisher; logger: Logger; measure: Measurements }, event: UploadEvent): Promise<boolean> {
  try {
    await deps.events.publish(event);
    return true;
  } catch (error) {
    deps.logger.error('Event not published', { id: event.detail.id, code: 'EVENT_NOT_PUBLISHED', detailType: event.detailType, cause: describeError(error) });
    deps.measure.record(Metric.eventsNotPublished, 1, 'Count', { DetailType: event.detailType });
    return false;
  }
}
