import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** How long one peer may take on one file before it counts as looping. */
export const PEER_TIMEOUT_MS = 5000;

export type PeerVerdict = 'ok' | 'throws' | 'timed out';

/**
 * Runs a peer tool once on a file in a worker thread, and terminates the worker if it does not
 * answer within PEER_TIMEOUT_MS (a tool that loops), so that the in-process measurement that
 * follows only ever runs tools that finish.
 */
export class PeerProbe {
  private worker: Worker | null = null;

  constructor(
    /** The worker script (the peers' runner; another one to check the time-out itself). */
    private readonly script = join(__dirname, 'peerProbe.worker.cjs'),
    private readonly timeoutMs = PEER_TIMEOUT_MS,
  ) {}

  async probe(tool: 'exifr' | 'image-size', path: string): Promise<PeerVerdict> {
    this.worker ??= new Worker(this.script);
    const worker = this.worker;
    return new Promise<PeerVerdict>((resolve) => {
      const timer = setTimeout(() => {
        worker.removeAllListeners('message');
        void worker.terminate();
        this.worker = null;
        resolve('timed out');
      }, this.timeoutMs);
      worker.once('message', ({ ok }: { ok: boolean }) => {
        clearTimeout(timer);
        resolve(ok ? 'ok' : 'throws');
      });
      worker.postMessage({ tool, path });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}
