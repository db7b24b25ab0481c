// Runs one packaged handler as the Lambda runtime would: a fresh Node process, the module loaded
// from the unzipped artefact by the template's Handler path, then handler(event, context).
// Usage: node lambdaRuntime.cjs <unzipped folder> <Handler> <event.json>
// Prints one JSON line: {initMs, result} or {initMs, error}.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

async function main([folder, handlerPath, eventFile]) {
  const dot = handlerPath.lastIndexOf('.');
  const started = performance.now();
  const module = require(join(folder, `${handlerPath.slice(0, dot)}.js`));
  const initMs = performance.now() - started;
  const context = { awsRequestId: 'packaged-test', functionName: handlerPath, getRemainingTimeInMillis: () => 10_000 };
  try {
    const result = await module[handlerPath.slice(dot + 1)](JSON.parse(readFileSync(eventFile, 'utf8')), context);
    process.stdout.write(`\n${JSON.stringify({ initMs, result: result ?? null })}\n`);
  } catch (error) {
    process.stdout.write(`\n${JSON.stringify({ initMs, error: String(error?.stack ?? error) })}\n`);
  }
}

// Like the runtime, which freezes the sandbox after the answer: open keep-alive sockets must not hold the process.
main(process.argv.slice(2)).then(() => process.exit(0));
