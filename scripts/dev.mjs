#!/usr/bin/env node
// `npm run dev` / `pnpm dev`: the whole local stack and the web page, until Ctrl-C.
import { resolve } from 'node:path';
import { assertPortFree, root, startLocalStack } from './localStack.mjs';
import { startWebServer } from './webServer.mjs';

const port = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
};

const ports = {
  apiPort: port('API_PORT', 3000),
  lambdaPort: port('LAMBDA_PORT', 3002),
  websocketPort: port('WEBSOCKET_PORT', 3001),
  s3Port: port('S3_PORT', 4569),
  dynamodbPort: port('DYNAMODB_PORT', 8000),
};
const authMode = process.env.AUTH_MODE ?? 'none';
const authIssuerPort = port('AUTH_ISSUER_PORT', 9999);
const webPort = port('WEB_PORT', 5173);
// Relative to the checkout, as in serverless.yml; outside it works too.
const s3Directory = resolve(root, process.env.S3_DIRECTORY || '.local/s3');
const verbose = process.env.VERBOSE === 'true';

const running = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the local stack…');
  await Promise.all(running.map((stop) => stop()));
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

try {
  const needed = { ...ports, webPort, ...(authMode === 'jwt' && !process.env.AUTH_ISSUER && { authIssuerPort }) };
  for (const [name, value] of Object.entries(needed)) await assertPortFree(value, name);
  console.log('Starting S3 (s3rver), DynamoDB Local, the API and the web page…');
  const webOrigin = `http://localhost:${webPort}`;
  const stack = await startLocalStack({
    ...ports,
    authIssuerPort,
    s3Directory,
    env: { WEB_ORIGIN: process.env.WEB_ORIGIN ?? webOrigin },
    onOutput: (text) => {
      // Function logs (JSON lines) and errors are always shown; the framework's chatter only with VERBOSE=true.
      for (const line of text.split('\n')) {
        if (line.trim() && (verbose || line.startsWith('{') || /error/i.test(line))) console.log(`[api] ${line}`);
      }
    },
  });
  running.push(stack.stop);
  const web = await startWebServer({
    port: webPort,
    apiUrl: process.env.VITE_API_URL ?? stack.apiUrl,
    onOutput: verbose ? (t) => process.stdout.write(`[web] ${t}`) : undefined,
  });
  running.push(web.stop);
  console.log(`
Ready:
  Web page  ${web.url}
  API       ${stack.apiUrl}   POST /upload · POST /upload-url · GET /result/{id} · GET /results?ids= · GET /uploads · DELETE /result/{id}
            POST /multipart-uploads · POST /multipart-uploads/{id}/parts · POST /multipart-uploads/{id}/complete · DELETE /multipart-uploads/{id}
  S3        ${stack.s3Endpoint}   bucket "uploads" (files in ${s3Directory})
  DynamoDB  ${stack.dynamodbEndpoint}   table "image-metadata-pipeline-local-uploads" (in memory, telemetry off)
  Events    .local/events.ndjson   one JSON line per completion event (Upload Processed / Failed / Deleted)${
    stack.issuerUrl
      ? `
  Sign in   AUTH_MODE=jwt: every route needs a token. The local issuer (development only) is at ${stack.issuerUrl}:
            curl -s -X POST -H 'Content-Type: application/json' -d '{"sub": "alice"}' ${stack.issuerUrl}/token
            then paste the "token" into the page's Sign in box, or send it as Authorization: Bearer <token>.`
      : ''
  }
Press Ctrl-C to stop everything.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stopAll(1);
}
