import { findWildcardPermissions, type Template } from './templateChecks';

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
