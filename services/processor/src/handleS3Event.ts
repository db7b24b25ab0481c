import type { Logger } from '@image-pipeline/service-kit';
import { processUpload, TransientProcessingError, type ProcessUploadDeps } from './processUpload';
import { uploadIdsFromEvent } from './s3EventKeys';

/**
 * The processor's Lambda handler over its dependencies: processes every record of an S3
 * ObjectCreated event and rethrows if any failed transiently, so that Lambda retries the event.
 */
export function handleS3Event(deps: ProcessUploadDeps & { logger: Logger }, options: { eventKeysUrlEncoded: boolean }) {
  const { logger } = deps;
  return async function handler(event: Parameters<typeof uploadIdsFromEvent>[0]): Promise<void> {
    const { ids, ignored } = uploadIdsFromEvent(event, { urlEncoded: options.eventKeysUrlEncoded });
    if (ignored > 0 || event.Event === 's3:TestEvent') logger.info('Event records ignored', { ignored, testEvent: event.Event === 's3:TestEvent' });
    const transient: TransientProcessingError[] = [];
    for (const id of ids) {
      const started = Date.now();
      try {
        const result = await processUpload(deps, id);
        logger.info('Upload processed', { ...result, durationMs: Date.now() - started });
      } catch (error) {
        if (!(error instanceof TransientProcessingError)) throw error;
        logger.error('Upload processing failed transiently; Lambda will retry', {
          id,
          outcome: 'RETRY',
          durationMs: Date.now() - started,
          cause: String(error.cause),
        });
        transient.push(error);
      }
    }
    if (transient.length) throw new AggregateError(transient, `Transient failures for uploads ${transient.map((e) => e.id).join(', ')}`);
  };
}

/**
 * Lambda retries an S3 event whose handler failed (maximumRetryAttempts, after about one and two
 * minutes). The local S3 emulator delivers each event once and only logs a failure, so on a laptop
 * a transient error (an emulator silent for seconds under a burst) would leave the upload
 * PROCESSING until it is reported STALLED. Locally the handler therefore retries itself, as many
 * times as Lambda would, after `delayMs`, then twice that; processUpload's attempt count ends it
 * FAILED on the last one, exactly as on AWS.
 */
export function retryingLikeLambda<E>(handler: (event: E) => Promise<void>, retries: number, delayMs = 1000): (event: E) => Promise<void> {
  return async (event) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await handler(event);
      } catch (error) {
        if (attempt >= retries) throw error;
        await new Promise((resolve) => setTimeout(resolve, delayMs * (attempt + 1)));
      }
    }
  };
}
