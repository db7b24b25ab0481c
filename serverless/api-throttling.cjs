'use strict';

/**
 * Sets stage-wide API Gateway throttling from `custom.apiThrottling` ({ rateLimit, burstLimit }).
 *
 * The framework has no setting for a REST API stage's default throttle (usage plans only throttle
 * API keys), so this writes it into the deployment's StageDescription, which creates the stage.
 */
class ApiThrottling {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:compileEvents': () => this.addThrottling() };
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

  addThrottling() {
    const settings = this.serverless.service.custom.apiThrottling;
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::ApiGateway::Deployment') continue;
      resource.Properties.StageDescription = {
        ...resource.Properties.StageDescription,
        ThrottlingRateLimit: Number(settings.rateLimit),
        ThrottlingBurstLimit: Number(settings.burstLimit),
      };
    }
  }
}

module.exports = ApiThrottling;
