/**
 * The local S3 must stay fast as objects accumulate. It once did not: the bundler's file watcher
 * covered the whole checkout, local S3 data included, and rescanned a folder of stored objects on
 * every write to it, on the event loop that also serves the API and S3. After a few hundred
 * uploads, each 4 MB PUT under `uploads/` took seconds. The stack here keeps its S3 data inside the
 * checkout, as `pnpm dev` does, so the test meets what a developer meets.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BUCKET, inBatches, s3Client } from './support';

const STORED_OBJECTS = 300;
const ROUNDS = 5;

async function timedPut(key: string, body: Uint8Array): Promise<number> {
  const started = performance.now();
  await s3Client().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('local S3 under accumulated objects', () => {
  it(`answers a 4 MB PUT under a prefix holding ${STORED_OBJECTS} objects about as fast as under an empty one`, async () => {
    const prefix = `load-${Date.now()}`;
    const small = new Uint8Array(1024);
    await inBatches(
      Array.from({ length: STORED_OBJECTS }, (_, index) => index),
      20,
      (index) => timedPut(`${prefix}/full/${index}.jpg`, small),
    );

    const photo = new Uint8Array(4 * 1024 * 1024).map((_, index) => index & 0xff);
    const full: number[] = [];
    const empty: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      full.push(await timedPut(`${prefix}/full/photo-${round}.jpg`, photo));
      empty.push(await timedPut(`${prefix}-empty-${round}/photo.jpg`, photo));
    }

    // Compared with its peer in the same run, not with a wall-clock budget: with the watcher
    // bug the full prefix took 15–40× as long (0.8–1.8 s against 25–50 ms).
    expect(median(full)).toBeLessThan(3 * median(empty) + 100);
  });
});
