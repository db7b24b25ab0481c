import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import type { Logger } from './logger';
import type { Measurements, Metric, MetricUnitName, Tracing } from './measurements';

/** Every metric of the pipeline is in this CloudWatch namespace, with the stage as a dimension. */
export const METRICS_NAMESPACE = 'ImageMetadataPipeline';

type Env = Record<string, string | undefined>;

/**
 * A function's logs, metrics and traces, from Powertools for AWS Lambda (TypeScript):
 * - Logger: structured JSON with the service, cold start, function name and request id (from the
 *   Lambda context), the level from POWERTOOLS_LOG_LEVEL, debug sampling from
 *   POWERTOOLS_LOGGER_SAMPLE_RATE;
 * - Metrics: CloudWatch Embedded Metric Format lines in METRICS_NAMESPACE, dimensions service and
 *   stage (STAGE), a ColdStart metric;
 * - Tracer: X-Ray, the AWS SDK clients captured (`captureClient`); off under serverless-offline,
 *   where there is no X-Ray daemon, and nothing fails for it.
 */
export interface Observability {
  logger: Logger & PowertoolsLogger;
  metrics: Metrics;
  tracer: Tracer;
  measure: Measurements;
  trace: Tracing;
  /** An AWS SDK v3 client, captured by the tracer (its calls become subsegments). */
  captureClient<T>(client: T): T;
}

export function createObservability(service: string, env: Env = process.env): Observability {
  const local = env.IS_OFFLINE === 'true';
  const logger = new PowertoolsLogger({ serviceName: service }) as Logger & PowertoolsLogger;
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service, defaultDimensions: { stage: env.STAGE ?? 'local' } });
  const tracer = new Tracer({ serviceName: service, enabled: !local && env.POWERTOOLS_TRACE_ENABLED !== 'false' });
  const measure: Measurements = {
    record(metric: Metric, value: number, unit: MetricUnitName, dimensions?: Record<string, string>) {
      if (!dimensions) return void metrics.addMetric(metric, MetricUnit[unit], value);
      // A metric with dimensions of its own goes out alone, with the default dimensions too.
      const single = metrics.singleMetric();
      for (const [name, dimension] of Object.entries(dimensions)) single.addDimension(name, dimension);
      single.addMetric(metric, MetricUnit[unit], value);
    },
  };
  const trace: Tracing = {
    async step(name, run) {
      const parent = tracer.getSegment();
      if (!tracer.isTracingEnabled() || !parent) return run();
      const subsegment = parent.addNewSubsegment(`### ${name}`);
      tracer.setSegment(subsegment);
      try {
        return await run();
      } catch (error) {
        subsegment.addError(error as Error);
        throw error;
      } finally {
        subsegment.close();
        tracer.setSegment(parent);
      }
    },
  };
  return {
    logger,
    metrics,
    tracer,
    measure,
    trace,
    captureClient: (client) => (tracer.isTracingEnabled() ? tracer.captureAWSv3Client(client as never) : client),
  };
}

/**
 * A Lambda handler with Powertools' instrumentation around it (their documented manual form, so
 * that no middleware engine is needed): the Lambda context on every log line and the keys of the
 * last invocation cleared, a subsegment for the invocation with cold start and service annotations,
 * the ColdStart metric, and the stored metrics flushed when it ends, thrown or not.
 */
export function instrumented<E, R>(
  observability: Observability,
  handler: (event: E, context?: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  const { logger, metrics, tracer } = observability;
  return async (event, context) => {
    logger.resetKeys();
    if (context) {
      logger.addContext(context);
      metrics.captureColdStartMetric(context.functionName);
    }
    const facade = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    const subsegment = facade?.addNewSubsegment(`## ${context?.functionName ?? 'handler'}`);
    if (subsegment) {
      tracer.setSegment(subsegment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      return await handler(event, context);
    } catch (error) {
      if (subsegment) tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment?.close();
      if (facade) tracer.setSegment(facade);
      metrics.publishStoredMetrics();
    }
  };
}
