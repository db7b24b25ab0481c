import { describeError } from './errors';
import type { Logger } from './logger';
import type { UploadEvent } from './upload/events';

/** Where completion events go (EventBridge deployed, a local file under serverless-offline). */
export interface EventPublisher {
  publish(event: UploadEvent): Promise<void>;
}

/**
 * Publishes an event after its transition was written. A publish that fails past the SDK's retries
 * is logged (code EVENT_NOT_PUBLISHED, the upload id and the event type, so that it can be found and
 * counted) and never changes the upload: a DONE upload stays DONE.
 */
export async function publishAfterWrite(events: EventPublisher, event: UploadEvent, logger: Logger): Promise<boolean> {
  try {
    await events.publish(event);
    return true;
  } catch (error) {
    logger.error('Event not published', { id: event.detail.id, code: 'EVENT_NOT_PUBLISHED', detailType: event.detailType, cause: describeError(error) });
    return false;
  }
}
