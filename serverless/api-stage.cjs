'use strict';

/**
 * Stage-wide API Gateway settings, written into the deployment's StageDescription (which creates
 * the stage), so that the template itself carries them:
 * - the default throttle, from `custom.apiThrottling` ({ rateLimit, burstLimit }): the framework has
 *   no setting for it (usage plans only throttle API keys);
 * - X-Ray tracing, from `provider.tracing.apiGateway`: the framework turns it on with an SDK call
 *   after the deployment, which a template test cannot see.
 */
class ApiStage {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:compileEvents': () => this.configureStage() };
    serverless.configSchemaHandler.defineCustomProperties({
      type: 'object',
      properties: {
        apiThrottling: {
          type: 'object',
          properties: { rateLimit: { type: 'number' }, burstLimit: { type: 'integer' } },
          required: ['rateLimit', 'burstLimit'],
          additionalProperties: false,
        },
      },
    });
  }

  configureStage() {
    const settings = this.serverless.service.custom.apiThrottling;
    const tracing = Boolean(this.serverless.service.provider.tracing?.apiGateway);
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::ApiGateway::Deployment') continue;
      resource.Properties.StageDescription = {
        ...resource.Properties.StageDescription,
        ThrottlingRateLimit: Number(settings.rateLimit),
        ThrottlingBurstLimit: Number(settings.burstLimit),
        TracingEnabled: tracing,
      };
    }
  }
}

module.exports = ApiStage;
