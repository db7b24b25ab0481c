import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvokeStoreBase } from '@aws/lambda-invoke-store';
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
  /**
   * Under serverless-offline, where invocations of one function run concurrently in one process: the
   * store that scopes each one (null deployed, where Lambda runs one invocation at a time).
   */
  invocationScopes: InvokeStoreBase | null;
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
  // serverless-offline runs a function's invocations concurrently in one process, as Lambda's
  // multi-concurrency mode does: Powertools then keeps each invocation's keys and context apart in
  // the runtime's InvokeStore (when AWS_LAMBDA_MAX_CONCURRENCY is set), instead of one upload's id
  // leaking onto another's lines. Locally there is no runtime to provide the store: it is installed
  // here, before any Powertools object is made.
  const invocationScopes = local ? installLocalInvokeStore() : null;
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
    invocationScopes,
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
  const invocation = instrumentedInvocation(observability, handler);
  const scopes = observability.invocationScopes;
  if (!scopes) return invocation;
  // Locally, each invocation in a scope of its own (see createObservability).
  return async (event, context) => scopes.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context?.awsRequestId ?? '-' }, () => invocation(event, context));
}

function instrumentedInvocation<E, R>(
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

/**
 * The local stand-in for the Lambda runtime's InvokeStore (which Powertools reads from
 * `globalThis.awslambda`): one AsyncLocalStorage scope per invocation. serverless-offline replaces
 * `globalThis.awslambda` whenever it loads a handler, so the store stays attached to whatever
 * object is put there.
 */
class LocalInvokeStore extends InvokeStoreBase {
  private readonly storage = new AsyncLocalStorage<Record<string | symbol, unknown>>();
  getContext() {
    return this.storage.getStore();
  }
  hasContext() {
    return this.storage.getStore() !== undefined;
  }
  get<T = unknown>(key: string | symbol): T | undefined {
    return this.storage.getStore()?.[key] as T | undefined;
  }
  set<T = unknown>(key: string | symbol, value: T): void {
    const context = this.storage.getStore();
    if (!context) throw new Error('No invocation to set a value in');
    context[key] = value;
  }
  run<T>(context: Record<string | symbol, unknown>, fn: () => T): T {
    return this.storage.run({ ...context }, fn);
  }
}

const LOCAL_STORE_KEY = Symbol.for('image-metadata-pipeline.localInvokeStore');

function installLocalInvokeStore(): InvokeStoreBase {
  const shared = globalThis as unknown as Record<symbol, InvokeStoreBase | undefined> & { awslambda?: Record<string, unknown> };
  const store = (shared[LOCAL_STORE_KEY] ??= new LocalInvokeStore());
  if (!Object.getOwnPropertyDescriptor(globalThis, 'awslambda')?.get) {
    let current: Record<string, unknown> = { ...(shared.awslambda ?? {}), InvokeStore: store };
    Object.defineProperty(globalThis, 'awslambda', {
      configurable: true,
      get: () => current,
      set: (value: Record<string, unknown> | undefined) => {
        current = { ...(value ?? {}), InvokeStore: store };
      },
    });
  }
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '1000';
  return store;
}
