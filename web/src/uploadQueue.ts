/**
 * At most `limit` uploads at once; the others wait their turn, in the order they were dropped.
 * A dozen 4 MB photos sent together would share the line and the server: each would take as long
 * as all of them, and the slowest would time out.
 */
export class UploadQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Resolves with a release function once a slot is free; rejects if the signal aborts first. */
  acquire(signal: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const next = this.waiting.shift();
        if (next) next();
        else this.active -= 1;
      };
      if (signal.aborted) return reject(signal.reason);
      if (this.active < this.limit) {
        this.active += 1;
        return resolve(release);
      }
      const turn = () => {
        signal.removeEventListener('abort', cancel);
        resolve(release);
      };
      const cancel = () => {
        const index = this.waiting.indexOf(turn);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal.reason);
      };
      this.waiting.push(turn);
      signal.addEventListener('abort', cancel, { once: true });
    });
  }
}
