/**
 * The house rules on imports are ESLint's to enforce (eslint.config.mjs): each one is shown here
 * to fire on a file that breaks it, and to stay quiet where the import is allowed.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath: join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('import rules', () => {
  it.each([
    ['the AWS SDK in a use case', 'services/processor/src/processUpload.ts', "import { S3Client as x } from '@aws-sdk/client-s3';", /adapters/],
    [
      'the AWS SDK in the kit outside its client factory',
      'packages/service-kit/src/http.ts',
      "import { S3Client as x } from '@aws-sdk/client-s3';",
      /adapters/,
    ],
    ['the AWS SDK in the core', 'packages/metadata/src/extract.ts', "import { S3Client as x } from '@aws-sdk/client-s3';", /adapters/],
    ['node:fs in the core', 'packages/metadata/src/extract.ts', "import { readFileSync as x } from 'node:fs';", /reads no files/],
    ['a value from the core in the page', 'web/src/api.ts', "import { extractMetadata as x } from '@image-pipeline/metadata';", /only types/],
    ['a value from the service kit in the page', 'web/src/api.ts', "import { newDeleteToken as x } from '@image-pipeline/service-kit';", /only types/],
    ['one service in another', 'services/result/src/getResult.ts', "import { handler as x } from '@image-pipeline/processor';", /never import each other/],
    ['a service in the page', 'web/src/main.ts', "import { handler as x } from '@image-pipeline/uploader';", /never import each other/],
    [
      'anything of ours in the core',
      'packages/metadata/src/extract.ts',
      "import { UploadStatus as x } from '@image-pipeline/service-kit';",
      /imports nothing of ours/,
    ],
    ['another workspace by relative path', 'services/result/src/getResult.ts', "import { handler as x } from '../../processor/src/handler';", /package name/],
    [
      'a service by relative path in the core',
      'packages/metadata/src/extract.ts',
      "import { handler as x } from '../../../services/processor/src/handler';",
      /package name/,
    ],
    [
      'a service by relative path deep in the core',
      'packages/metadata/src/containers/jpeg.ts',
      "import { handler as x } from '../../../../services/deleter/src/handler';",
      /package name/,
    ],
    [
      'the kit by relative path in a service',
      'services/deleter/src/deleteUpload.ts',
      "import { NOT_FOUND as x } from '../../../packages/service-kit/src/upload';",
      /package name/,
    ],
    [
      'the deleter in another service',
      'services/result/src/getResult.ts',
      "import { handler as x } from '@image-pipeline/deleter';",
      /never import each other/,
    ],
    ['the kit’s server side in the page', 'web/src/poll.ts', "import { readAwsConfig as x } from '@image-pipeline/service-kit/aws';", /only types/],
  ])('refuses %s', async (_name, filePath, code, message) => {
    expect(await importErrors(filePath, code)).toEqual([expect.stringMatching(message)]);
  });

  it.each([
    ['the AWS SDK in an adapter', 'services/processor/src/adapters/s3ObjectReader.ts', "import { S3Client as x } from '@aws-sdk/client-s3';"],
    ['the AWS SDK in a handler', 'services/deleter/src/handler.ts', "import { S3Client as x } from '@aws-sdk/client-s3';"],
    ['the AWS SDK in the kit’s client factory', 'packages/service-kit/src/awsClients.ts', "import { S3Client as x } from '@aws-sdk/client-s3';"],
    ['node:fs in the CLI', 'packages/metadata/src/cli.ts', "import { readFileSync as x } from 'node:fs';"],
    ['a type from the core in the page', 'web/src/api.ts', "import type { ImageMetadata as x } from '@image-pipeline/metadata';"],
    ['the core’s browser-safe magic-byte table in the page', 'web/src/sniff.ts', "import { detectFormat as x } from '@image-pipeline/metadata/detect';"],
    ['the core in a service', 'services/processor/src/processUpload.ts', "import { extractMetadata as x } from '@image-pipeline/metadata';"],
    ['the kit’s browser-safe upload lifecycle in the page', 'web/src/poll.ts', "import { isFinal as x } from '@image-pipeline/service-kit/upload';"],
    [
      'the core’s browser-safe privacy tag lists in the page',
      'web/src/ui/privacyView.ts',
      "import { SERIAL_NUMBER_TAGS as x } from '@image-pipeline/metadata/redact';",
    ],
    ['a module of the same workspace by relative path', 'services/processor/src/visual/addVisualFeatures.ts', "import { handler as x } from '../handler';"],
  ])('allows %s', async (_name, filePath, code) => {
    expect(await importErrors(filePath, code)).toEqual([]);
  });
});
