import { Metric, type Logger, type Measurements } from '@image-pipeline/service-kit';
import { processUpload, TransientProcessingError, type ProcessResult, type ProcessUploadDeps } from './processUpload';
import { uploadIdsFromEvent } from './s3EventKeys';

/**
 * The processor's Lambda handler over its dependencies: processes every record of an S3
 * ObjectCreated event (each upload's lines keyed by its uploadId), records the metrics of each,
 * and rethrows if any failed transiently, so that Lambda retries the event.
 */
export function handleS3Event(deps: ProcessUploadDeps & { logger: Logger }, options: { eventKeysUrlEncoded: boolean }) {
  const { logger } = deps;
  return async function handler(event: Parameters<typeof uploadIdsFromEvent>[0]): Promise<void> {
    const { ids, ignored } = uploadIdsFromEvent(event, { urlEncoded: options.eventKeysUrlEncoded });
    if (ignored > 0 || event.Event === 's3:TestEvent') logger.info('Event records ignored', { ignored, testEvent: event.Event === 's3:TestEvent' });
    const transient: TransientProcessingError[] = [];
    for (const id of ids) {
      const started = Date.now();
      logger.appendKeys({ uploadId: id });
      try {
        const result = await processUpload(deps, id);
        recordProcessed(deps.measure, result);
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

/** The metrics of one processed upload (see Metric in the kit). */
export function recordProcessed(measure: Measurements, result: ProcessResult): void {
  if (result.outcome === 'DONE' || result.outcome === 'FAILED') {
    measure.record(Metric.uploadsProcessed, 1, 'Count', { Outcome: result.outcome });
    if (result.outcome === 'FAILED') measure.record(Metric.uploadsFailed, 1, 'Count', { Code: result.code ?? 'UNKNOWN' });
  }
  if (result.reads !== undefined) {
    measure.record(Metric.headerBytesRead, result.bytesRead ?? 0, 'Bytes');
    measure.record(Metric.readsPerImage, result.reads, 'Count');
  }
  if (result.processingMs !== undefined) measure.record(Metric.processingTime, result.processingMs, 'Milliseconds');
  if (result.visualMs !== undefined) measure.record(Metric.visualStepTime, result.visualMs, 'Milliseconds');
  const skipped = /^(skipped|error):(.+)$/.exec(result.visual ?? '')?.[2];
  if (skipped) measure.record(Metric.visualSkipped, 1, 'Count', { Reason: skipped });
  if (result.uploadToDoneMs !== undefined) measure.record(Metric.uploadToDoneLatency, result.uploadToDoneMs, 'Milliseconds');
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
