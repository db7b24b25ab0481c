import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** What a developer's shell may hold that must not reach a package: credentials, local endpoints, a stage's settings. */
const CLEARED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'IS_OFFLINE',
  'AUTH_MODE',
  'PUBLIC_UPLOADS',
  'WEB_ORIGIN',
];

/**
 * `serverless package --stage prod` without AWS credentials into `dir`, with exactly these
 * settings, and a temporary folder of its own: `leftInTmp` is what the run left there.
 */
export function serverlessPackage(options: { dir: string; esbuildFolder: string; settings: Record<string, string> }): {
  status: number | null;
  output: string;
  leftInTmp: string[];
} {
  const tmp = mkdtempSync(join(tmpdir(), 'package-tmp-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ESBUILD_WORK_FOLDER: options.esbuildFolder, SLS_TELEMETRY_DISABLED: '1', TMPDIR: tmp };
  for (const name of CLEARED) delete env[name];
  try {
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'prod', '--region', 'eu-west-1', '--package', options.dir],
      { cwd: root, env: { ...env, ...options.settings }, encoding: 'utf8' },
    );
    return { status: result.status, output: `${result.stdout}\n${result.stderr}`, leftInTmp: readdirSync(tmp) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
