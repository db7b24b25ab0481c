import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageFormat } from '@image-pipeline/metadata/detect';

const SCHEMAS = ['upload-processed', 'upload-failed', 'upload-deleted'];

describe('the published event schemas', () => {
  it.each(SCHEMAS)('%s names every format the core reads, and nothing else', (name) => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'events', `${name}.schema.json`), 'utf8')) as unknown;
    const enums: unknown[][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const format = (node as Record<string, { enum?: unknown[] }>).format;
        if (format?.enum) enums.push(format.enum);
        Object.values(node).forEach(walk);
      }
    };
    walk(schema);
    expect(enums).toHaveLength(1);
    expect(enums[0]).toEqual([...Object.values(ImageFormat), null]);
  });
});
