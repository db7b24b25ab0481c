/**
 * `pnpm bench:e2e`'s "whole object" processor: the real one, its object reader decorated to
 * download each object whole on the first read (the naive design ranged reads are measured
 * against). Selected by PROCESSOR_HANDLER for the benchmark's own stack only.
 */
import type { ByteSource } from '@image-pipeline/metadata';
import { handleS3Event } from '../src/handleS3Event';
import { config, deps } from '../src/handler';
import type { ObjectReader, StoredObject } from '../src/ports';

class WholeObjectReads implements ObjectReader {
  constructor(private readonly inner: ObjectReader) {}

  head(key: string) {
    return this.inner.head(key);
  }

  readWhole(key: string, object: StoredObject) {
    return this.inner.readWhole(key, object);
  }

  remove(key: string) {
    return this.inner.remove(key);
  }

  byteSource(key: string, object: StoredObject): ByteSource {
    let whole: Promise<Uint8Array> | undefined;
    return {
      size: object.size,
      read: async (offset, length) => {
        whole ??= this.inner.readWhole(key, object).then((bytes) => {
          // What crossed the network, for the benchmark to add up.
          deps.logger.info('Whole object downloaded', { bytes: bytes.length });
          return bytes;
        });
        return (await whole).subarray(offset, offset + length);
      },
    };
  }
}

export const handler = handleS3Event({ ...deps, objects: new WholeObjectReads(deps.objects) }, config);
