// Starts the local stacks (API, S3, DynamoDB) and their web pages on free ports for the system tests,
// so they also run while `pnpm dev` holds the default ports: one anonymous (AUTH_MODE=none, as
// `npm run dev`), one behind the local token issuer (AUTH_MODE=jwt).
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, root, startLocalStack } from '../../scripts/localStack.mjs';
import { startWebServer } from '../../scripts/webServer.mjs';

/** One stack and its page; `log` gets everything the stack and its functions print. */
async function startStack(name, { auth, log, issuerKeyFile }) {
  const [apiPort, lambdaPort, websocketPort, s3Port, dynamodbPort, webPort, authIssuerPort] = await Promise.all(Array.from({ length: 7 }, freePort));
  // The stored objects live inside the checkout, as with `pnpm dev`, so that anything watching the
  // service folder would meet them here too (tests/system/s3Load.test.ts).
  mkdirSync(join(root, '.local'), { recursive: true });
  const s3Directory = mkdtempSync(join(root, '.local', `test-s3-${name}-`));
  const eventsFile = join(mkdtempSync(join(tmpdir(), `pipeline-events-${name}-`)), 'events.ndjson');
  const stack = await startLocalStack({
    onOutput: (text) => log.write(text),
    apiPort,
    lambdaPort,
    websocketPort,
    s3Port,
    dynamodbPort,
    authIssuerPort,
    authIssuerKeyFile: issuerKeyFile,
    authIssuerKid: 'test-issuer-key',
    s3Directory,
    esbuildFolder: `.esbuild-test-${name}`,
    env: { WEB_ORIGIN: `http://localhost:${webPort}`, MAX_UPLOAD_BYTES: String(4 * 1024 * 1024), AUTH_MODE: auth, LOCAL_EVENTS_FILE: eventsFile },
  });
  let web;
  try {
    web = await startWebServer({ port: webPort, apiUrl: stack.apiUrl });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const cleanUp = () => {
    rmSync(s3Directory, { recursive: true, force: true });
    rmSync(dirname(eventsFile), { recursive: true, force: true });
  };
  return { stack, web, lambdaPort, eventsFile, cleanUp };
}

export default async function globalSetup() {
  const workDir = mkdtempSync(join(tmpdir(), 'pipeline-test-'));
  // Everything the stacks and their functions print, kept for a failed run (CI keeps test-artifacts/).
  mkdirSync(join(root, 'test-artifacts'), { recursive: true });
  const log = createWriteStream(join(root, 'test-artifacts', 'local-stack.log'));
  const jwtLog = createWriteStream(join(root, 'test-artifacts', 'local-stack-jwt.log'));
  // The jwt stack's issuer signs with a key the tests also hold (tests/system/auth.ts), so that they
  // can make the tokens it would never issue: expired, not yet valid, for another audience.
  const issuerKeyFile = join(workDir, 'issuer-key.pem');
  writeFileSync(issuerKeyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  const [anonymous, signedIn] = await Promise.all([startStack('none', { auth: 'none', log }), startStack('jwt', { auth: 'jwt', log: jwtLog, issuerKeyFile })]);
  globalThis.__PIPELINE__ = { stacks: [anonymous, signedIn], workDir };
  Object.assign(process.env, {
    PIPELINE_API_URL: anonymous.stack.apiUrl,
    PIPELINE_S3_ENDPOINT: anonymous.stack.s3Endpoint,
    PIPELINE_DYNAMODB_ENDPOINT: anonymous.stack.dynamodbEndpoint,
    PIPELINE_WEB_URL: anonymous.web.url,
    PIPELINE_LAMBDA_URL: `http://localhost:${anonymous.lambdaPort}`,
    PIPELINE_EVENTS_FILE: anonymous.eventsFile,
    PIPELINE_WORK_DIR: workDir,
    PIPELINE_JWT_API_URL: signedIn.stack.apiUrl,
    PIPELINE_JWT_WEB_URL: signedIn.web.url,
    PIPELINE_JWT_ISSUER_URL: signedIn.stack.issuerUrl,
    PIPELINE_JWT_EVENTS_FILE: signedIn.eventsFile,
    PIPELINE_JWT_ISSUER_KEY_FILE: issuerKeyFile,
  });
}
