import { findUnfilteredTriggers, findWildcardPermissions, type Template } from './templateChecks';

const role = (statement: object): Template => ({
  Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyDocument: { Statement: [statement] } }] } } },
});

describe('findWildcardPermissions', () => {
  it.each([
    [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }, ['Role: action s3:*']],
    [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: '*' }, ['Role: resource * for dynamodb:GetItem']],
    [{ Effect: 'Allow', Action: ['ec2:CreateNetworkInterface'], Resource: '*' }, []],
    [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }, []],
    [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/uploads/*' }, []],
  ])('judges %j', (statement, problems) => {
    expect(findWildcardPermissions(role(statement))).toEqual(problems);
  });
});

describe('findUnfilteredTriggers', () => {
  const bucket = (configuration: object): Template => ({
    Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { NotificationConfiguration: { LambdaConfigurations: [configuration] } } } },
  });

  it('flags a notification without a key filter and accepts one with a prefix', () => {
    expect(findUnfilteredTriggers(bucket({ Event: 's3:ObjectCreated:*', Function: 'x' }))).toEqual(['Bucket']);
    expect(
      findUnfilteredTriggers(bucket({ Event: 's3:ObjectCreated:*', Function: 'x', Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'uploads/' }] } } })),
    ).toEqual([]);
  });
});
