import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { eventually, getRecord, webUrl } from '../../../tests/system/support';
import { largeMovie, nef } from '../../../packages/metadata/tests/fixtures/cameraFiles';
import { card, describeInBrowser, dropFiles, dropSparseFile, pagePerTest } from './browser';

const MiB = 1024 * 1024;
/** A phone's 20-second movie, moov after the media. */
const MOVIE = { width: 1920, height: 1080, rotation: 90 as const, durationSeconds: 20, frameRate: 30, codec: 'hvc1' };

describeInBrowser('camera files and large uploads in Chromium, against the local stack', () => {
  const currentPage = pagePerTest(webUrl);
  let page: Page;
  beforeEach(() => {
    page = currentPage();
  });

  it('uploads a 200 MB movie in parts with progress, survives a dropped part, ends Done and shows its duration', async () => {
    const requests: string[] = [];
    page.on('request', (request) =>
      requests.push(`${request.method()} ${new URL(request.url()).pathname}${new URL(request.url()).search.includes('partNumber') ? ' part' : ''}`),
    );
    // Storage drops the first attempt of part 3, as a flaky connection would.
    let dropped = 0;
    await page.route(/partNumber=3(&|$)/, async (route) => {
      if (route.request().method() === 'PUT' && dropped++ === 0) return route.abort('connectionreset');
      return route.continue();
    });
    const file = largeMovie(MOVIE, 200 * MiB);
    await dropSparseFile(page, '#drop-zone', { name: 'IMG_0001.MOV', type: 'video/quicktime', ...file });
    const c = card(page, 'IMG_0001.MOV');
    // Progress moves across the parts.
    await c.locator('.status', { hasText: /Uploading ([1-9]\d?) %/ }).waitFor({ timeout: 60_000 });
    await c.locator('.status', { hasText: 'Done' }).waitFor({ timeout: 120_000 });
    expect(dropped).toBeGreaterThanOrEqual(2);
    expect(requests).toEqual(expect.arrayContaining(['POST /multipart-uploads', expect.stringMatching(/^PUT \/uploads\/uploads\/.* part$/)]));
    expect(requests.filter((r) => r.endsWith(' part') && r.startsWith('PUT'))).toHaveLength(25 + 1);
    expect(requests.some((r) => /^POST \/multipart-uploads\/.+\/complete$/.test(r))).toBe(true);
    const text = await c.locator('.metadata').innerText();
    expect(text).toMatch(/Duration\s+0:20/);
    expect(text).toMatch(/Codec\s+hvc1/);
    expect(text).toMatch(/Frame rate\s+30 fps/);
    expect(text).toContain('MOV (video/quicktime)');
    expect(await c.locator('.visual-note').innerText()).toContain('video frames are not decoded');
  });

  it('cancels a multipart upload: the parts are aborted and the upload is FAILED (CANCELLED), never left PENDING', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 4 * MiB });
    const aborted = page.waitForRequest((request) => request.method() === 'DELETE' && /\/multipart-uploads\/[0-9a-f-]{36}$/.test(request.url()));
    await dropSparseFile(page, '#drop-zone', { name: 'long.MOV', type: 'video/quicktime', ...largeMovie(MOVIE, 120 * MiB) });
    const c = card(page, 'long.MOV');
    await c.locator('.status', { hasText: 'Uploading' }).waitFor();
    await c.getByRole('button', { name: 'Cancel' }).click();
    await c.locator('.status', { hasText: 'Cancelled' }).waitFor();
    const id = (await aborted).url().split('/').pop()!;
    await eventually(async () => (await getRecord(id))?.status === 'FAILED', 'the cancelled upload recorded FAILED', 10_000);
    expect((await getRecord(id))?.error?.code).toBe('CANCELLED');
  });

  it('shows a RAW’s thumbnail made from the preview it embeds, and its full size', async () => {
    const preview = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#c0392b' } })
      .jpeg()
      .toBuffer();
    const raw = nef({ preview: new Uint8Array(preview), rawDataBytes: 2 * MiB });
    // Browsers give a NEF no type: the page declares what its bytes say.
    await dropFiles(page, '#drop-zone', [{ name: 'DSC_0042.NEF', type: '', bytes: raw }]);
    const c = card(page, 'DSC_0042.NEF');
    await c.locator('.status', { hasText: 'Done' }).waitFor();
    await c.locator('img.thumbnail').waitFor();
    expect(await c.locator('.visual-note').first().innerText()).toContain('From the preview the RAW file embeds');
    const text = await c.locator('.metadata').innerText();
    expect(text).toContain('NEF (image/x-nikon-nef)');
    expect(text).toMatch(/4288\s*[×x]\s*2848/);
    expect(text).toContain('NIKON D90');
  });
});
