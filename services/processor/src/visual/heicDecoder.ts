import { Worker } from 'node:worker_threads';

/** A decode that takes longer than this is abandoned (a 12 MP iPhone photo takes about 1 s). */
const HEIC_DECODE_TIMEOUT_MS = 30_000;

export interface DecodedPixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom, already turned as the file says (irot, imir). */
  data: Uint8Array;
}

/**
 * The worker's whole program. heic-decode is libheif compiled to WebAssembly: it decodes on a
 * JavaScript thread, about a second and 200 MB for 12 MP, so it runs in a worker of its own and
 * the process's event loop (locally, the one that serves the API and S3 too) stays free. One
 * worker per photo: WebAssembly memory never shrinks, and the worker's exit gives it all back.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.modulePath);
decode({ buffer: workerData.bytes }).then(
  ({ width, height, data }) => parentPort.postMessage({ width, height, data }, [data.buffer]),
  (error) => parentPort.postMessage({ error: String((error && error.message) || error) }),
);
`;

/** Decodes a HEIC photo's primary image to RGBA pixels in a worker thread. */
export function decodeHeic(bytes: Uint8Array): Promise<DecodedPixels> {
  // Resolved here, where the bundle's require knows where heic-decode was installed (the zip's
  // node_modules on Lambda, the workspace's locally); the worker then loads it by path.
  const modulePath = require.resolve('heic-decode');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, bytes } });
    const timer = setTimeout(() => settle(() => reject(new Error(`HEIC decode took longer than ${HEIC_DECODE_TIMEOUT_MS} ms`))), HEIC_DECODE_TIMEOUT_MS);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    worker.once('message', (message: { width: number; height: number; data: Uint8ClampedArray } | { error: string }) =>
      settle(() =>
        'error' in message
          ? reject(new Error(`HEIC did not decode: ${message.error}`))
          : resolve({
              width: message.width,
              height: message.height,
              data: new Uint8Array(message.data.buffer, message.data.byteOffset, message.data.byteLength),
            }),
      ),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`HEIC decoder exited (${code}) without an answer`))));
  });
}
