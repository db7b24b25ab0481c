import { ApiClient } from '../../src/api';

/**
 * XMLHttpRequest as browsers have it where it matters here: one aborted before it is sent fires
 * no event at all (checked in Chromium), so a promise that waits for one never settles.
 */
class UnsentXhr {
  static sent = 0;
  readonly upload = { addEventListener: () => undefined };
  open(): void {}
  setRequestHeader(): void {}
  addEventListener(): void {}
  abort(): void {}
  send(): void {
    UnsentXhr.sent += 1;
  }
}

describe('ApiClient', () => {
  const original = globalThis.XMLHttpRequest;
  beforeEach(() => {
    UnsentXhr.sent = 0;
    globalThis.XMLHttpRequest = UnsentXhr as unknown as typeof XMLHttpRequest;
  });
  afterEach(() => {
    globalThis.XMLHttpRequest = original;
  });

  it('refuses at once, without sending it, a request whose signal was aborted already (a part after Cancel)', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    const part = new ApiClient('http://api.test').putPart(
      { url: 'http://storage.test/part', headers: {} },
      new Blob(['bytes']),
      () => undefined,
      cancelled.signal,
    );
    await expect(part).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(UnsentXhr.sent).toBe(0);
  });
});
