import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { DEFAULT_LIMITS } from '../../packages/service-kit/src/limits';
import { serverlessPackage } from './serverlessPackage';
import { findUnfilteredTriggers, findWildcardPermissions, type Template } from './templateChecks';

/** A production stage behind an OpenID Connect issuer (AUTH_MODE=jwt), as the README deploys it. */
const JWT_STAGE = {
  AUTH_MODE: 'jwt',
  AUTH_ISSUER: 'https://issuer.example',
  AUTH_AUDIENCE: 'image-metadata-pipeline',
  WEB_ORIGIN: 'https://photos.example.com',
};

/** The folders packages went to, removed after the suite (each holds the zips: about 15 MB). */
const packageDirs: string[] = [];
afterAll(() => {
  for (const packageDir of packageDirs) rmSync(packageDir, { recursive: true, force: true });
});

/** `serverless package` into a temporary folder, with these settings. */
function runPackage(settings: Record<string, string>): ReturnType<typeof serverlessPackage> & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'package-'));
  packageDirs.push(dir);
  return { ...serverlessPackage({ dir, esbuildFolder: '.esbuild-package', settings }), dir };
}

function packageService(): { template: Template; dir: string; leftInTmp: string[] } {
  const { status, output, dir, leftInTmp } = runPackage(JWT_STAGE);
  if (status !== 0) throw new Error(`serverless package failed:\n${output}`);
  return { template: JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template, dir, leftInTmp };
}

const { template, dir, leftInTmp } = packageService();
const resources = template.Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const policyStatements = (roleId: string) =>
  (resources[roleId]!.Properties.Policies as { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
const json = (value: unknown) => JSON.stringify(value);

describe('the packaged CloudFormation template', () => {
  it('is packaged without leaving anything in the temporary folder (serverless-esbuild stages each zip there: patched to remove it)', () => {
    expect(leftInTmp).toEqual([]);
  });

  it('bundles each function on nodejs22.x, arm64, minified; only the processor carries sharp, in a zip of 10 MB at most', () => {
    for (const name of ['uploader', 'multipart', 'processor', 'result', 'deleter']) {
      const fn = resources[`${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction`]!;
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      expect(statSync(join(dir, `${name}.zip`)).size).toBeLessThan((name === 'processor' ? 10 : 3) * 1024 * 1024);
    }
  });

  it('puts sharp’s arm64 binaries, and no x64 ones, in the arm64 processor zip', async () => {
    const entries = Object.keys((await JSZip.loadAsync(readFileSync(join(dir, 'processor.zip')))).files);
    const binaries = entries.filter((entry) => /\.(node|so(\.\d+)*)$/.test(entry)).sort();
    expect(binaries).toEqual([
      expect.stringMatching(/^node_modules\/@img\/sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so/),
      'node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64.node',
    ]);
    expect(entries.filter((entry) => entry.includes('x64'))).toEqual([]);
  });

  it('has POST /upload and POST /upload-url on a REST API that takes multipart as binary, GET /result/{id} and GET /results', () => {
    const api = ofType('AWS::ApiGateway::RestApi')[0]![1];
    expect(api.Properties.BinaryMediaTypes).toEqual(['multipart/form-data']);
    const methods = ofType('AWS::ApiGateway::Method').map(([id, r]) => `${r.Properties.HttpMethod} ${id}`);
    expect(methods).toEqual(
      expect.arrayContaining([
        'POST ApiGatewayMethodUploadPost',
        'POST ApiGatewayMethodUploadDashurlPost',
        'GET ApiGatewayMethodResultIdVarGet',
        'GET ApiGatewayMethodResultsGet',
        'DELETE ApiGatewayMethodResultIdVarDelete',
      ]),
    );
    const deployment = ofType('AWS::ApiGateway::Deployment')[0]![1];
    expect(deployment.Properties.StageDescription).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40, TracingEnabled: true });
  });

  it('triggers the processor only on ObjectCreated under uploads/', () => {
    const bucket = resources.S3BucketUploads!;
    expect(bucket.Properties.NotificationConfiguration).toEqual({
      LambdaConfigurations: [
        {
          Event: 's3:ObjectCreated:*',
          Function: { 'Fn::GetAtt': ['ProcessorLambdaFunction', 'Arn'] },
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'uploads/' }] } },
        },
      ],
    });
    expect(findUnfilteredTriggers(template)).toEqual([]);
  });

  it('gives each function its own role with only what it needs, and no wildcard action or resource', () => {
    // Logs and traces (xray:PutTraceSegments, xray:PutTelemetryRecords) are every role's: checked apart.
    const actions = (roleId: string) =>
      policyStatements(roleId)
        .flatMap((s) => s.Action)
        .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))
        .sort();
    expect(actions('UploaderIamRoleLambdaExecution')).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'events:PutEvents', 's3:PutObject']);
    expect(actions('ProcessorIamRoleLambdaExecution')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'events:PutEvents',
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
      'sqs:SendMessage',
    ]);
    expect(actions('ResultIamRoleLambdaExecution')).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 's3:GetObject']);
    // Multipart uploads: their own function, the only one that may abort one; it reads no object.
    expect(actions('MultipartIamRoleLambdaExecution')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      's3:AbortMultipartUpload',
      's3:PutObject',
    ]);
    const abortingRoles = ofType('AWS::IAM::Role')
      .filter(([id]) => policyStatements(id).some((statement) => statement.Action.includes('s3:AbortMultipartUpload')))
      .map(([id]) => id);
    expect(abortingRoles).toEqual(['MultipartIamRoleLambdaExecution']);
    // The authorizer reads and writes nothing of ours (it only writes its logs and traces).
    expect(actions('AuthorizerIamRoleLambdaExecution')).toEqual([]);
    // Networking in the VPC only for the functions in it: the authorizer, outside, may create no interface.
    const vpcAccess = (roleId: string) => json(resources[roleId]!.Properties.ManagedPolicyArns ?? []).includes('AWSLambdaVPCAccessExecutionRole');
    expect(vpcAccess('AuthorizerIamRoleLambdaExecution')).toBe(false);
    expect(resources.AuthorizerLambdaFunction!.Properties.VpcConfig).toBeUndefined();
    for (const name of ['Uploader', 'Multipart', 'Processor', 'Result', 'Deleter']) expect(vpcAccess(`${name}IamRoleLambdaExecution`)).toBe(true);
    // Those six roles and no other: not the framework's shared one, which no function would use.
    expect(ofType('AWS::IAM::Role').map(([id]) => id)).toEqual([
      'UploaderIamRoleLambdaExecution',
      'MultipartIamRoleLambdaExecution',
      'ProcessorIamRoleLambdaExecution',
      'ResultIamRoleLambdaExecution',
      'DeleterIamRoleLambdaExecution',
      'AuthorizerIamRoleLambdaExecution',
    ]);
    // BatchGetItem has a statement of its own: GET /results, and nothing else, needs it.
    expect(
      policyStatements('ResultIamRoleLambdaExecution')
        .filter((s) => s.Action.includes('dynamodb:BatchGetItem'))
        .map((s) => s.Action),
    ).toEqual([['dynamodb:BatchGetItem']]);
    const s3Grants = (role: string) =>
      policyStatements(role)
        .filter((s) => s.Action.some((a) => a.startsWith('s3:')))
        .map((s) => `${s.Action.join(',')} ${json(s.Resource).match(/\/[a-z]+\/\*/)?.[0]}`);
    expect(s3Grants('UploaderIamRoleLambdaExecution')).toEqual(['s3:PutObject /uploads/*']);
    expect(s3Grants('MultipartIamRoleLambdaExecution')).toEqual(['s3:PutObject,s3:AbortMultipartUpload /uploads/*']);
    // The processor reads uploads (and removes one whose record is gone) and writes thumbnails; the result service reads thumbnails only.
    expect(s3Grants('ProcessorIamRoleLambdaExecution')).toEqual(['s3:GetObject /uploads/*', 's3:DeleteObject /uploads/*', 's3:PutObject /thumbnails/*']);
    expect(s3Grants('ResultIamRoleLambdaExecution')).toEqual(['s3:GetObject /thumbnails/*']);
    // Only the deleter deletes records and thumbnails; the processor only an orphaned upload object.
    expect(actions('DeleterIamRoleLambdaExecution')).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'events:PutEvents',
      's3:DeleteObject',
      's3:DeleteObject',
    ]);
    expect(s3Grants('DeleterIamRoleLambdaExecution')).toEqual(['s3:DeleteObject /uploads/*', 's3:DeleteObject /thumbnails/*']);
    for (const role of ['UploaderIamRoleLambdaExecution', 'ResultIamRoleLambdaExecution', 'MultipartIamRoleLambdaExecution']) {
      expect(actions(role).filter((action) => /Delete/.test(action))).toEqual([]);
    }
    expect(actions('ProcessorIamRoleLambdaExecution').filter((action) => /Delete/.test(action))).toEqual(['s3:DeleteObject']);
    expect(findWildcardPermissions(template)).toEqual([]);
  });

  it('runs the functions in a private VPC with S3 and DynamoDB gateway endpoints and HTTPS-only egress', () => {
    expect(ofType('AWS::EC2::Subnet')).toHaveLength(2);
    expect(ofType('AWS::EC2::NatGateway')).toHaveLength(0);
    expect(ofType('AWS::EC2::InternetGateway')).toHaveLength(0);
    const endpoints = ofType('AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties);
    expect(endpoints.map((e) => [e.VpcEndpointType, e.ServiceName])).toEqual([
      ['Gateway', 'com.amazonaws.eu-west-1.s3'],
      ['Gateway', 'com.amazonaws.eu-west-1.dynamodb'],
      ['Interface', 'com.amazonaws.eu-west-1.events'],
      ['Interface', 'com.amazonaws.eu-west-1.xray'],
    ]);
    expect(json(endpoints[0]!.PolicyDocument)).toContain('uploads/*');
    expect(json(endpoints[1]!.PolicyDocument)).toContain('UploadsTable');
    const egress = resources.LambdaSecurityGroup!.Properties.SecurityGroupEgress as { FromPort: number; ToPort: number }[];
    expect(egress.map((e) => [e.FromPort, e.ToPort])).toEqual([[443, 443]]);
    for (const name of ['Uploader', 'Processor', 'Result', 'Deleter']) expect(resources[`${name}LambdaFunction`]!.Properties.VpcConfig).toBeDefined();
  });

  it('traces every function and the API stage with X-Ray, each role allowed only to write traces, and X-Ray reachable from the VPC', () => {
    for (const name of ['Uploader', 'Processor', 'Result', 'Deleter', 'Authorizer']) {
      expect(resources[`${name}LambdaFunction`]!.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      const xray = policyStatements(`${name}IamRoleLambdaExecution`).filter((s) => s.Action.some((a) => a.startsWith('xray:')));
      expect(xray.map((s) => [s.Action, s.Resource])).toEqual([[['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*']]);
    }
    const [, deployment] = ofType('AWS::ApiGateway::Deployment')[0]!;
    expect(deployment.Properties.StageDescription).toMatchObject({ TracingEnabled: true });
    expect(resources.XRayVpcEndpoint!.Properties).toMatchObject({
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.eu-west-1.xray',
      PrivateDnsEnabled: true,
    });
    // EMF needs no permission: the metrics are log lines. The Powertools settings reach every function.
    for (const name of ['Uploader', 'Processor', 'Result', 'Deleter', 'Authorizer']) {
      expect(resources[`${name}LambdaFunction`]!.Properties.Environment).toMatchObject({
        Variables: { STAGE: 'prod', POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_LOGGER_SAMPLE_RATE: '0' },
      });
    }
  });

  it.each([
    [
      'DeadLetterQueueAlarm',
      { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' },
    ],
    ['ProcessorErrorsAlarm', { Namespace: 'AWS/Lambda', MetricName: 'Errors', Threshold: 5 }],
    ['ProcessorThrottlesAlarm', { Namespace: 'AWS/Lambda', MetricName: 'Throttles', Threshold: 1 }],
    ['ProcessorDurationAlarm', { Namespace: 'AWS/Lambda', MetricName: 'Duration', Statistic: 'Maximum', Threshold: 48000 }],
    ['Api5xxAlarm', { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Statistic: 'Average', Threshold: 0.05, DatapointsToAlarm: 2 }],
    ['UploadsFailedRateAlarm', { Threshold: 0.2, ComparisonOperator: 'GreaterThanThreshold' }],
  ])('has the alarm %s, its metric and threshold, missing data on purpose, notifying the SNS topic', (id, expected) => {
    const alarm = resources[id]!;
    expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({ ...expected, TreatMissingData: 'notBreaching', AlarmActions: [{ Ref: 'AlarmTopic' }] });
  });

  it('computes the FAILED rate from the processor’s own metric, and subscribes ALARM_EMAIL to the alarm topic when set', () => {
    const metrics = resources.UploadsFailedRateAlarm!.Properties.Metrics as {
      Id: string;
      MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] } };
      Expression?: string;
    }[];
    expect(
      metrics.filter((m) => m.MetricStat).map((m) => [m.MetricStat!.Metric.Namespace, m.MetricStat!.Metric.MetricName, m.MetricStat!.Metric.Dimensions.at(-1)]),
    ).toEqual([
      ['ImageMetadataPipeline', 'UploadsProcessed', { Name: 'Outcome', Value: 'FAILED' }],
      ['ImageMetadataPipeline', 'UploadsProcessed', { Name: 'Outcome', Value: 'DONE' }],
    ]);
    expect(metrics.find((m) => m.Expression)!.Expression).toMatch(/failed.*\/.*failed.*done/);
    expect(resources.AlarmTopic!.Type).toBe('AWS::SNS::Topic');
    expect(resources.AlarmEmailSubscription).toMatchObject({
      Condition: 'SubscribeAlarmEmail',
      Properties: { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } },
    });
  });

  it('has a dashboard of throughput, failures by code, latency percentiles, bytes read per image and DLQ depth', () => {
    const body = json(resources.Dashboard!.Properties.DashboardBody);
    for (const metric of [
      'UploadsAccepted',
      'UploadsProcessed',
      'UploadsFailed',
      'UploadToDoneLatency',
      'p95',
      'p99',
      'HeaderBytesRead',
      'ReadsPerImage',
      'ApproximateNumberOfMessagesVisible',
      '5XXError',
    ]) {
      expect(body).toContain(metric);
    }
  });

  it('gives EventBridge a path out of the VPC: an interface endpoint with private DNS, reachable on 443 from the functions only', () => {
    const events = resources.EventsVpcEndpoint!.Properties;
    expect(events).toMatchObject({ VpcEndpointType: 'Interface', PrivateDnsEnabled: true, SubnetIds: [{ Ref: 'PrivateSubnetA' }, { Ref: 'PrivateSubnetB' }] });
    const ingress = resources.InterfaceEndpointSecurityGroup!.Properties.SecurityGroupIngress as Record<string, unknown>[];
    expect(ingress).toEqual([expect.objectContaining({ FromPort: 443, ToPort: 443, SourceSecurityGroupId: { Ref: 'LambdaSecurityGroup' } })]);
  });

  it('lets the functions that publish completion events put them on the configured bus only', () => {
    for (const role of ['UploaderIamRoleLambdaExecution', 'ProcessorIamRoleLambdaExecution', 'DeleterIamRoleLambdaExecution']) {
      const statements = policyStatements(role).filter((s) => s.Action.includes('events:PutEvents'));
      expect(statements.map((s) => s.Action)).toEqual([['events:PutEvents']]);
      expect(json(statements[0]!.Resource)).toMatch(/:event-bus\/default"\]/);
    }
    expect(policyStatements('ResultIamRoleLambdaExecution').some((s) => s.Action.includes('events:PutEvents'))).toBe(false);
  });

  it('puts the JWT authorizer on every route but the CORS preflights, cached 5 minutes, and keeps it outside the VPC', () => {
    const [, authorizer] = ofType('AWS::ApiGateway::Authorizer')[0]!;
    expect(authorizer.Properties).toMatchObject({ Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 300 });
    const methods = ofType('AWS::ApiGateway::Method').map(([, r]) => r.Properties);
    expect(methods.filter((m) => m.HttpMethod !== 'OPTIONS').map((m) => m.AuthorizationType)).toEqual(Array(10).fill('CUSTOM'));
    expect(methods.filter((m) => m.HttpMethod === 'OPTIONS').every((m) => m.AuthorizationType === 'NONE')).toBe(true);
    expect(resources.AuthorizerLambdaFunction!.Properties.VpcConfig).toBeUndefined();
    expect(resources.AuthorizerLambdaFunction!.Properties.Environment).toMatchObject({
      Variables: { AUTH_ISSUER: 'https://issuer.example', AUTH_AUDIENCE: 'image-metadata-pipeline' },
    });
    // A refused token is answered 401, in the API's error shape, with WWW-Authenticate and CORS.
    const unauthorized = ofType('AWS::ApiGateway::GatewayResponse')
      .map(([, r]) => r.Properties)
      .find((r) => r.ResponseType === 'UNAUTHORIZED')!;
    expect(unauthorized).toMatchObject({
      StatusCode: '401',
      ResponseParameters: {
        'gatewayresponse.header.WWW-Authenticate': "'Bearer'",
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://photos.example.com'",
      },
    });
    expect(JSON.parse((unauthorized.ResponseTemplates as Record<string, string>)['application/json']!)).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
  });

  it('serves GET /uploads from a global secondary index on owner and upload time', () => {
    const table = resources.UploadsTable!.Properties;
    expect(table.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'ByOwner',
        KeySchema: [
          { AttributeName: 'owner', KeyType: 'HASH' },
          { AttributeName: 'uploadedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    const query = policyStatements('ResultIamRoleLambdaExecution').find((s) => s.Action.includes('dynamodb:Query'))!;
    expect(json(query.Resource)).toContain('/index/ByOwner');
  });

  it.each([
    ['anonymous (AUTH_MODE=none) without PUBLIC_UPLOADS=true', {}, /Refusing to build stage "prod" with AUTH_MODE=none/],
    ['AUTH_MODE=jwt with WEB_ORIGIN=*', { ...JWT_STAGE, WEB_ORIGIN: '*' }, /WEB_ORIGIN must be the page's origin/],
    ['AUTH_MODE=jwt without an issuer', { ...JWT_STAGE, AUTH_ISSUER: '' }, /set AUTH_ISSUER/],
  ])('refuses to package a stage %s, with a clear message', (_name, settings, message) => {
    const { status, output } = runPackage(settings);
    expect(status).not.toBe(0);
    expect(output).toMatch(message);
  });

  it('packages an anonymous stage when PUBLIC_UPLOADS=true says it is meant to be public, without the authorizer', () => {
    const { status, output, dir: publicDir } = runPackage({ PUBLIC_UPLOADS: 'true' });
    expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
    const publicTemplate = JSON.parse(readFileSync(join(publicDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    expect(Object.values(publicTemplate.Resources).filter((r) => r.Type === 'AWS::ApiGateway::Authorizer')).toEqual([]);
  });

  it('blocks public access to the bucket, encrypts it, denies plain HTTP and aborts stale multipart uploads', () => {
    const bucket = resources.S3BucketUploads!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(json(bucket.BucketEncryption)).toContain('AES256');
    expect((bucket.LifecycleConfiguration as { Rules: unknown[] }).Rules).toContainEqual({
      Id: 'AbortIncompleteMultipartUploads',
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
    // A multipart upload's parts go straight to S3: the page reads each part's ETag.
    expect(json(bucket.CorsConfiguration)).toContain('"ExposedHeaders":["ETag"]');
    expect(json(bucket.CorsConfiguration)).toContain('PUT');
    expect(json(resources.UploadsBucketPolicy!.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('keys the table on Id, on demand, with point-in-time recovery and a TTL', () => {
    expect(resources.UploadsTable!.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'Id', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('passes the functions the kit’s default limits, so that the two never disagree', () => {
    const env = resources.ProcessorLambdaFunction!.Properties.Environment as { Variables: Record<string, string> };
    expect(env.Variables).toMatchObject({
      MAX_UPLOAD_BYTES: String(DEFAULT_LIMITS.maxUploadBytes),
      MAX_PRESIGNED_UPLOAD_BYTES: String(DEFAULT_LIMITS.maxPresignedUploadBytes),
      MAX_MULTIPART_UPLOAD_BYTES: String(DEFAULT_LIMITS.maxMultipartUploadBytes),
      MAX_PIXELS: String(DEFAULT_LIMITS.maxPixels),
      VISUAL_MAX_PIXELS: String(DEFAULT_LIMITS.visualMaxPixels),
      VISUAL_MAX_BYTES: String(DEFAULT_LIMITS.visualMaxBytes),
      RESULT_TTL_DAYS: String(DEFAULT_LIMITS.resultTtlDays),
      // The processor records FAILED on Lambda's last delivery: 1 + its retries.
      PROCESSOR_RETRIES: String(resources.ProcessorLambdaEvConf!.Properties.MaximumRetryAttempts),
    });
    expect(resources.ProcessorLambdaEvConf!.Properties.MaximumRetryAttempts).toBe(DEFAULT_LIMITS.processorRetries);
  });

  it('retries the processor twice, then dead-letters to SQS', () => {
    expect(resources.ProcessorLambdaEvConf!.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['ProcessorDeadLetterQueue', 'Arn'] } } },
    });
  });

  it('keeps logs for a bounded time', () => {
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(14);
  });

  it('sets no local endpoint or emulator credential in any function', () => {
    const environment = json(ofType('AWS::Lambda::Function').map(([, r]) => r.Properties.Environment));
    expect(environment).not.toMatch(/localhost|S3RVER|AWS_ENDPOINT_URL|IS_OFFLINE/);
  });
});
