// Runs one peer tool on one file, in a worker thread that the bench can terminate: exifr 7.1.3
// spins forever on at least one public Exiv2 proof-of-concept HEIC, and a loop on the main thread
// would hang the whole benchmark.
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const exifr = require('exifr');
const { imageSize } = require('image-size');

parentPort.on('message', async ({ tool, path }) => {
  try {
    const bytes = readFileSync(path);
    if (tool === 'exifr') await exifr.parse(bytes);
    else imageSize(bytes);
    parentPort.postMessage({ ok: true });
  } catch {
    parentPort.postMessage({ ok: false });
  }
});
