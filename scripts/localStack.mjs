// Starts the local stack: serverless-offline (API + Lambda), s3rver and DynamoDB Local, all through
// `serverless offline start --stage local`. Used by `pnpm dev` and by the test suite (on free ports).
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { answers, startProcess, waitUntilReady } from './processes.mjs';
import { startTokenIssuer } from './tokenIssuer.mjs';

const { dynamodbLocalCommand, DYNAMODB_LOCAL_ENV } = createRequire(import.meta.url)('./dynamodbLocal.cjs');

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STARTUP_TIMEOUT_MS = 180_000;
/** The audience of the local issuer's tokens, unless AUTH_AUDIENCE says otherwise. */
export const LOCAL_AUDIENCE = 'image-metadata-pipeline';

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Fails with a clear message if a port is taken. */
export function assertPortFree(port, name) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`Port ${port} (${name}) is in use. Stop what uses it or choose another port (see .env.example).`)));
    server.listen(port, '127.0.0.1', () => server.close(resolve));
  });
}

/**
 * Starts the stack and resolves once the API answers. `stop()` ends every process it started.
 * @param {{ apiPort: number, lambdaPort: number, websocketPort: number, s3Port: number, dynamodbPort: number,
 *           s3Directory: string, esbuildFolder?: string, env?: Record<string,string>, onOutput?: (text: string) => void,
 *           authIssuerPort?: number, authIssuerKeyFile?: string, authIssuerKid?: string }} options  With env.AUTH_MODE=jwt, a local
 *           token issuer is started on authIssuerPort (signing with authIssuerKeyFile when given).
 */
export async function startLocalStack(options) {
  const s3Endpoint = `http://localhost:${options.s3Port}`;
  const dynamodbEndpoint = `http://localhost:${options.dynamodbPort}`;
  const apiUrl = `http://localhost:${options.apiPort}`;
  const env = {
    ...process.env,
    API_PORT: String(options.apiPort),
    LAMBDA_PORT: String(options.lambdaPort),
    WEBSOCKET_PORT: String(options.websocketPort),
    S3_PORT: String(options.s3Port),
    DYNAMODB_PORT: String(options.dynamodbPort),
    S3_DIRECTORY: options.s3Directory,
    // Not serverless package's .esbuild: packaging (which empties its folder) never breaks a running stack.
    ESBUILD_WORK_FOLDER: options.esbuildFolder ?? '.esbuild-dev',
    // The functions see only AWS_* variables of this process (and IS_OFFLINE): the endpoints and
    // the emulators' credentials reach them this way, and never a deployed function.
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    // The emulators share this process's event loop with every function: under a burst they can
    // stay silent for seconds while working. A hung emulator still answers 503 in about 10 s.
    AWS_STORAGE_REQUEST_TIMEOUT_MS: '10000',
    SLS_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  // DynamoDB Local is started here, with its telemetry off (serverless-dynamodb cannot pass
  // -disableTelemetry); serverless-dynamodb only creates the table in it (noStart, migrate).
  const dynamodbLocal = dynamodbLocalCommand(options.dynamodbPort);
  const dynamodb = startProcess([dynamodbLocal.command, ...dynamodbLocal.args], {
    cwd: dynamodbLocal.cwd,
    env: { ...process.env, ...DYNAMODB_LOCAL_ENV },
    onOutput: options.onOutput,
  });
  const stopDynamodb = async () => {
    await dynamodb.stop();
    rmSync(dynamodbLocal.cwd, { recursive: true, force: true });
  };
  await waitUntilReady(dynamodb, () => answers(dynamodbEndpoint, 400), { name: 'DynamoDB Local', timeoutMs: STARTUP_TIMEOUT_MS });
  // AUTH_MODE=jwt: the local development issuer, and the authorizer pointed at it (unless AUTH_ISSUER names another).
  const issuer =
    env.AUTH_MODE === 'jwt' && !options.env?.AUTH_ISSUER
      ? await startTokenIssuer({
          port: options.authIssuerPort ?? 9999,
          audience: env.AUTH_AUDIENCE || LOCAL_AUDIENCE,
          keyFile: options.authIssuerKeyFile,
          kid: options.authIssuerKid,
        })
      : null;
  if (issuer) Object.assign(env, { AUTH_ISSUER: issuer.url, AUTH_AUDIENCE: env.AUTH_AUDIENCE || LOCAL_AUDIENCE });
  const started = startProcess([process.execPath, join(root, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--stage', 'local'], {
    cwd: root,
    env,
    onOutput: options.onOutput,
  });
  try {
    // It answers a bad id with 400, or with 401 while every route needs a token.
    await waitUntilReady(started, () => answers(`${apiUrl}/result/not-a-valid-id`, issuer ? 401 : 400), {
      name: 'serverless offline',
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
  } catch (error) {
    await Promise.all([stopDynamodb(), issuer?.stop()]);
    throw error;
  }
  const stop = () => Promise.all([started.stop(), stopDynamodb(), issuer?.stop()]);
  return { apiUrl, s3Endpoint, dynamodbEndpoint, issuerUrl: issuer?.url ?? null, pid: started.child.pid, stop, output: started.output };
}
