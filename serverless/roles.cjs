'use strict';

/**
 * What serverless-iam-roles-per-function leaves broader than our functions need, tightened once
 * it has made their roles:
 * - the framework's shared execution role, IamRoleLambdaExecution, which the plugin keeps for
 *   projects where some function has no role of its own (upstream:
 *   functionalone/serverless-iam-roles-per-function#7). Here every function has one, so nothing
 *   runs with it, yet it would stand in the account, assumable by Lambda and allowed to write to
 *   the dead-letter queue: removed when nothing in the template refers to it;
 * - AWS's VPC access policy (ec2:CreateNetworkInterface…), which the plugin gives every role once
 *   the provider has a VPC: taken from the role of a function that runs outside it (the authorizer).
 */
const VPC_ACCESS_POLICY = ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

class Roles {
  constructor(serverless) {
    this.serverless = serverless;
    // Listed after serverless-iam-roles-per-function, whose roles are made in this same hook.
    this.hooks = { 'before:package:finalize': () => this.tighten() };
  }

  tighten() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const resources = template.Resources;
    const { IamRoleLambdaExecution: sharedRole, ...others } = resources;
    if (sharedRole && !JSON.stringify({ ...template, Resources: others }).includes('"IamRoleLambdaExecution"')) delete resources.IamRoleLambdaExecution;

    for (const fn of Object.values(resources)) {
      if (fn.Type !== 'AWS::Lambda::Function' || fn.Properties.VpcConfig) continue;
      const roleId = fn.Properties.Role?.['Fn::GetAtt']?.[0];
      const role = roleId && resources[roleId];
      if (!role?.Properties.ManagedPolicyArns) continue;
      role.Properties.ManagedPolicyArns = role.Properties.ManagedPolicyArns.filter((arn) => !JSON.stringify(arn).includes(VPC_ACCESS_POLICY));
      if (!role.Properties.ManagedPolicyArns.length) delete role.Properties.ManagedPolicyArns;
    }
  }
}

module.exports = Roles;
