/** Checks over a CloudFormation template, kept apart so they can be tested on bad templates too. */
export interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
}

/** Where AWS requires `*`: these actions cannot be scoped to a resource. */
const ACTIONS_THAT_REQUIRE_ANY_RESOURCE = new Set([
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  // X-Ray has no resource-level permissions.
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
]);

/** Every Allow statement of every IAM role with a wildcard action, or a `*` resource where AWS does not require it. */
export function findWildcardPermissions(template: Template): string[] {
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const policies = (resource.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? [];
    for (const statement of policies.flatMap((p) => p.PolicyDocument.Statement)) {
      if (statement.Effect !== 'Allow') continue;
      const actions = ([] as string[]).concat(statement.Action);
      for (const action of actions) if (action.includes('*')) problems.push(`${id}: action ${action}`);
      const resources = ([] as unknown[]).concat(statement.Resource ?? []);
      if (resources.some((r) => r === '*') && !actions.every((a) => ACTIONS_THAT_REQUIRE_ANY_RESOURCE.has(a)))
        problems.push(`${id}: resource * for ${actions.join(', ')}`);
    }
  }
  return problems;
}

/** Buckets whose Lambda notifications have no key filter (any write would trigger the function). */
export function findUnfilteredTriggers(t: Template): string[] {
  return Object.entries(t.Resources)
    .filter(([, r]) => r.Type === 'AWS::S3::Bucket')
    .flatMap(([id, r]) =>
      ((r.Properties.NotificationConfiguration as { LambdaConfigurations?: { Filter?: unknown }[] } | undefined)?.LambdaConfigurations ?? [])
        .filter((c) => !c.Filter)
        .map(() => id),
    );
}
