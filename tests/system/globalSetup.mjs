// Starts one local stack (API, S3, DynamoDB) and the web page on free ports for the system tests,
// so they also run while `pnpm dev` holds the default ports.
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root, startLocalStack } from '../../scripts/localStack.mjs';
import { startWebServer } from '../../scripts/webServer.mjs';

export default async function globalSetup() {
  const [apiPort, lambdaPort, websocketPort, s3Port, dynamodbPort, webPort] = await Promise.all(Array.from({ length: 6 }, freePort));
  const workDir = mkdtempSync(join(tmpdir(), 'pipeline-test-'));
  // The stored objects live inside the checkout, as with `pnpm dev`, so that anything watching the
  // service folder would meet them here too (tests/system/s3Load.test.ts).
  mkdirSync(join(root, '.local'), { recursive: true });
  const s3Directory = mkdtempSync(join(root, '.local', 'test-s3-'));
  const webOrigin = `http://localhost:${webPort}`;
  // Everything the stack and its functions print, kept for a failed run (CI keeps test-artifacts/).
  mkdirSync(join(root, 'test-artifacts'), { recursive: true });
  const stackLog = createWriteStream(join(root, 'test-artifacts', 'local-stack.log'));
  const stack = await startLocalStack({
    onOutput: (text) => stackLog.write(text),
    apiPort,
    lambdaPort,
    websocketPort,
    s3Port,
    dynamodbPort,
    s3Directory,
    esbuildFolder: '.esbuild-test',
    env: { WEB_ORIGIN: webOrigin, MAX_UPLOAD_BYTES: String(4 * 1024 * 1024) },
  });
  let web;
  try {
    web = await startWebServer({ port: webPort, apiUrl: stack.apiUrl });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  globalThis.__PIPELINE__ = { stack, web, cleanUp: () => rmSync(s3Directory, { recursive: true, force: true }) };
  Object.assign(process.env, {
    PIPELINE_API_URL: stack.apiUrl,
    PIPELINE_S3_ENDPOINT: stack.s3Endpoint,
    PIPELINE_DYNAMODB_ENDPOINT: stack.dynamodbEndpoint,
    PIPELINE_WEB_URL: web.url,
    PIPELINE_LAMBDA_URL: `http://localhost:${lambdaPort}`,
    PIPELINE_WORK_DIR: workDir,
  });
}
