import { createObservability, instrumented, METRICS_NAMESPACE } from '../src/observability';
import { Metric } from '../src/measurements';

/** What Powertools writes, read through the global console (POWERTOOLS_DEV makes it use that). */
function captured() {
  process.env.POWERTOOLS_DEV = 'true';
  // POWERTOOLS_DEV would also turn metrics off; they are what is tested.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(String(args[0])));
  return () => lines.filter((line) => line.trimStart().startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

const context = {
  functionName: 'image-metadata-pipeline-prod-processor',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:f',
  memoryLimitInMB: '1024',
  functionVersion: '$LATEST',
};

describe('observability (Powertools)', () => {
  it('writes valid EMF: one namespace, the stage and service as dimensions, a metric’s own dimensions, units, and a ColdStart metric on Lambda', async () => {
    const lines = captured();
    // As Lambda sets it: Powertools counts a cold start only for on-demand initialisation.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const observability = createObservability('processor', { STAGE: 'prod', IS_OFFLINE: 'true' });
    const handler = instrumented(observability, async () => {
      observability.measure.record(Metric.headerBytesRead, 65536, 'Bytes');
      observability.measure.record(Metric.uploadsProcessed, 1, 'Count', { Outcome: 'FAILED', Code: 'CORRUPT_IMAGE' });
    });
    await handler({}, context as never);
    const emf = lines().filter((line) => '_aws' in line) as {
      _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
    }[];
    const byMetric = Object.fromEntries(
      emf.flatMap((doc) => doc._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => [metric.Name, { ...m, metric, doc }]))),
    );
    expect(
      Object.keys(byMetric)
        .filter((name) => name !== 'ColdStart')
        .sort(),
    ).toEqual(['HeaderBytesRead', 'UploadsProcessed']);
    for (const { Namespace } of Object.values(byMetric)) expect(Namespace).toBe(METRICS_NAMESPACE);
    expect(byMetric.HeaderBytesRead!.metric.Unit).toBe('Bytes');
    expect(byMetric.HeaderBytesRead!.doc).toMatchObject({ service: 'processor', stage: 'prod', HeaderBytesRead: 65536 });
    expect(byMetric.UploadsProcessed!.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'stage', 'Outcome', 'Code']));
    expect(byMetric.UploadsProcessed!.doc).toMatchObject({ Outcome: 'FAILED', Code: 'CORRUPT_IMAGE', UploadsProcessed: 1 });
  });

  it('logs JSON with the service, cold start, function name and request id, and the keys appended for the invocation only', async () => {
    const lines = captured();
    const observability = createObservability('result', { IS_OFFLINE: 'true' });
    const handler = instrumented(observability, async (id: string) => {
      observability.logger.appendKeys({ uploadId: id });
      observability.logger.info('About an upload');
    });
    await handler('first', context as never);
    await handler('second', context as never);
    const logged = lines().filter((line) => line.message === 'About an upload');
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'result',
        cold_start: expect.any(Boolean),
        function_name: context.functionName,
        function_request_id: 'req-1',
        uploadId: 'first',
      }),
      expect.objectContaining({ cold_start: false, uploadId: 'second' }),
    ]);
  });

  it('leaves tracing off under serverless-offline, and nothing fails for it', async () => {
    const observability = createObservability('uploader', { IS_OFFLINE: 'true' });
    expect(observability.tracer.isTracingEnabled()).toBe(false);
    const client = { send: () => 'sent' };
    expect(observability.captureClient(client)).toBe(client);
    expect(await observability.trace.step('a step', async () => 42)).toBe(42);
  });

  it('keeps invocations that run at once in one process (serverless-offline) apart: each line has its own upload id and request id', async () => {
    const lines = captured();
    const observability = createObservability('uploader', { IS_OFFLINE: 'true' });
    const handler = instrumented(observability, async (id: string) => {
      observability.logger.appendKeys({ uploadId: id });
      await new Promise((resolve) => setTimeout(resolve, id === 'first' ? 30 : 5));
      observability.logger.info('Concurrent', { id });
    });
    await Promise.all([
      handler('first', { ...context, awsRequestId: 'req-first' } as never),
      handler('second', { ...context, awsRequestId: 'req-second' } as never),
    ]);
    const logged = lines().filter((line) => line.message === 'Concurrent');
    expect(logged.map((line) => [line.id, line.uploadId, line.function_request_id]).sort()).toEqual([
      ['first', 'first', 'req-first'],
      ['second', 'second', 'req-second'],
    ]);
  });
});
