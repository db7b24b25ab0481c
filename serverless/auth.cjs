'use strict';

/**
 * Who may call the API (AUTH_MODE), decided in one place:
 *
 * - `none` (the local default): anonymous; the `authorizer` function is left out of the service.
 *   A stage other than `local` refuses to package or deploy anonymously unless PUBLIC_UPLOADS=true
 *   says it is meant to be public: a deployed stage is never anonymous by accident.
 * - `jwt`: every route (not the CORS preflights) gets the Lambda authorizer `authorizer` (a TOKEN
 *   authorizer on the Authorization header, its answer cached `custom.auth.resultTtlInSeconds`),
 *   and WEB_ORIGIN must be an origin, not `*`. Under serverless-offline the same authorizer runs
 *   (noAuth off).
 */
class Auth {
  constructor(serverless, options) {
    this.serverless = serverless;
    this.options = options;
    this.hooks = { initialize: () => this.apply() };
    serverless.configSchemaHandler.defineCustomProperties({
      type: 'object',
      properties: {
        auth: {
          type: 'object',
          properties: {
            mode: { enum: ['none', 'jwt'] },
            publicUploads: { type: 'string' },
            webOrigin: { type: 'string' },
            resultTtlInSeconds: { type: 'integer' },
          },
          required: ['mode'],
          additionalProperties: false,
        },
      },
    });
  }

  apply() {
    const service = this.serverless.service;
    const { mode, publicUploads, webOrigin, resultTtlInSeconds } = service.custom.auth;
    const stage = this.options.stage ?? service.provider.stage;
    const fail = (message) => {
      throw new this.serverless.classes.Error(message);
    };
    if (mode === 'none') {
      if (stage !== 'local' && publicUploads !== 'true') {
        fail(
          `Refusing to build stage "${stage}" with AUTH_MODE=none: anyone who finds its URL could upload to your bucket and read every upload. ` +
            'Set AUTH_MODE=jwt with AUTH_ISSUER and AUTH_AUDIENCE (see README, "Who may upload"), or PUBLIC_UPLOADS=true if the stage is meant to be public.',
        );
      }
      delete service.functions.authorizer;
      return;
    }
    if (!/^https?:\/\/[^/*\s]+$/.test(webOrigin ?? ''))
      fail(`With AUTH_MODE=jwt, WEB_ORIGIN must be the page's origin (https://photos.example.com), not "${webOrigin}".`);
    // Locally the development issuer fills these in; a deployed stage must name its own.
    const { AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience } = service.functions.authorizer?.environment ?? {};
    if (stage !== 'local' && (!/^https:\/\/\S+$/.test(issuer ?? '') || !audience)) {
      fail('With AUTH_MODE=jwt, set AUTH_ISSUER (the https:// issuer of your tokens, their "iss") and AUTH_AUDIENCE (their "aud").');
    }
    const authorizer = { name: 'authorizer', type: 'token', identitySource: 'method.request.header.Authorization', resultTtlInSeconds };
    for (const [name, fn] of Object.entries(service.functions)) {
      if (name === 'authorizer') continue;
      for (const event of fn.events ?? []) if (event.http) event.http.authorizer = authorizer;
    }
    service.custom['serverless-offline'] = { ...service.custom['serverless-offline'], noAuth: false };
  }
}

module.exports = Auth;
