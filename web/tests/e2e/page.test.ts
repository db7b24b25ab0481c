import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileChooser, Page } from 'playwright-core';
import { phonePhoto } from '../../../tests/system/phonePhotos';
import { apiUrl, webUrl } from '../../../tests/system/support';
import { card, describeInBrowser, dropFiles, pagePerTest } from './browser';
import { corpusPath } from '../../../tests/corpus';
import { exifBlock, TYPE } from '../../../packages/metadata/tests/fixtures/exifBlock';
import { jpeg as jpegFixture } from '../../../packages/metadata/tests/fixtures/images';

const CORPUS = corpusPath();
const corpusFile = (name: string, type = 'image/jpeg') => ({ name, type, bytes: readFileSync(join(CORPUS, name)) });

/** A real JPEG header followed by filler up to `size` bytes. */
function largeJpeg(size: number): Uint8Array {
  const photo = readFileSync(join(CORPUS, 'ian_Canon_40D.jpg'));
  const bytes = new Uint8Array(size);
  bytes.set(photo.subarray(0, photo.length - 2));
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
}

describeInBrowser('the page in Chromium, against the local stack', () => {
  const currentPage = pagePerTest(webUrl);
  let page: Page;
  beforeEach(() => {
    page = currentPage();
  });

  it('shows camera, model and dimensions for three photos dropped at once', async () => {
    await dropFiles(page, '#drop-zone', [
      corpusFile('ian_Canon_40D.jpg'),
      corpusFile('exifr_heic-iphone7.heic', 'image/heic'),
      corpusFile('ian_heic_iphone_13_pro_max.heic', 'image/heic'),
    ]);
    expect(await page.locator('.card').count()).toBe(3);
    const expectations = [
      ['ian_Canon_40D.jpg', 'Canon', 'Canon EOS 40D', '100 × 68'],
      ['exifr_heic-iphone7.heic', 'Apple', 'iPhone 7', '4032 × 3024'],
      ['ian_heic_iphone_13_pro_max.heic', 'Apple', 'iPhone 13 Pro Max', '4032 × 3024'],
    ];
    for (const [name, make, model, dimensions] of expectations) {
      const c = card(page, name!);
      await c.locator('.status', { hasText: 'Done' }).waitFor();
      const text = await c.locator('.metadata').innerText();
      expect(text).toContain(make);
      expect(text).toContain(model);
      expect(text).toContain(dimensions);
    }
    // The iPhone 13 photo is stored landscape and displayed portrait.
    expect(await card(page, 'ian_heic_iphone_13_pro_max.heic').locator('.metadata').innerText()).toContain('3024 × 4032');
    // The JPEG gets its thumbnail and colours; so do the HEICs (decoded on the server: Chromium
    // itself cannot show them), the iPhone 13 one portrait as it is displayed.
    const jpegCard = card(page, 'ian_Canon_40D.jpg');
    await jpegCard.locator('img.thumbnail').waitFor();
    await page.waitForFunction(
      (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      await jpegCard.locator('img.thumbnail').elementHandle(),
    );
    expect(await jpegCard.locator('.swatches li').count()).toBeGreaterThan(0);
    const heicThumbnail = card(page, 'ian_heic_iphone_13_pro_max.heic').locator('img.thumbnail');
    await heicThumbnail.waitFor({ timeout: 20_000 });
    const size = await page.waitForFunction(
      (img) =>
        (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0
          ? [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]
          : null,
      await heicThumbnail.elementHandle(),
    );
    expect(await size.jsonValue()).toEqual([240, 320]);
    await card(page, 'exifr_heic-iphone7.heic').locator('img.thumbnail').waitFor({ timeout: 20_000 });
    // Chromium cannot preview a HEIC itself: the card's preview becomes the server's thumbnail.
    expect(await card(page, 'ian_heic_iphone_13_pro_max.heic').locator('img.preview').getAttribute('src')).toBe(await heicThumbnail.getAttribute('src'));
    expect(await card(page, 'ian_heic_iphone_13_pro_max.heic').locator('.preview-none').count()).toBe(0);
  }, 60_000);

  it('shows all eight EXIF orientations of one photo the same way up', async () => {
    await dropFiles(
      page,
      '#drop-zone',
      Array.from({ length: 8 }, (_, i) => corpusFile(`rec_Landscape_${i + 1}.jpg`)),
    );
    for (let orientation = 1; orientation <= 8; orientation++) {
      const thumbnail = card(page, `rec_Landscape_${orientation}.jpg`).locator('img.thumbnail');
      await thumbnail.waitFor();
      const size = await page.waitForFunction(
        (img) =>
          (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0
            ? [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]
            : null,
        await thumbnail.elementHandle(),
      );
      expect(await size.jsonValue()).toEqual([320, 213]);
    }
  });

  it('opens the file picker from the keyboard and takes the chosen file', async () => {
    // Listen first: file-chooser interception is switched on by the listener, and must be on
    // before the key press opens the picker.
    const chooser = new Promise<FileChooser>((resolve) => page.once('filechooser', resolve));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    await page.focus('#drop-zone');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(join(CORPUS, 'ian_gps_DSCN0010.jpg'));
    const c = card(page, 'ian_gps_DSCN0010.jpg');
    await c.locator('.status', { hasText: 'Done' }).waitFor();
    const text = await c.locator('.metadata').innerText();
    expect(text).toContain('43.467° N, 11.885° E');
    expect(await c.getByRole('link', { name: 'Open in OpenStreetMap' }).getAttribute('href')).toContain('mlat=43.467');
  });

  it('refuses a text file named photo.jpg before uploading, with the reason', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await dropFiles(page, '#drop-zone', [{ name: 'photo.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('this is not a photo') }]);
    await expect(card(page, 'photo.jpg').locator('.status').innerText()).resolves.toMatch(/Not uploaded: Not a supported image/);
    expect(requests.filter((url) => url.includes('/upload'))).toEqual([]);
  });

  it('sends a photo above 4 MB through a presigned URL straight to storage', async () => {
    const urls: string[] = [];
    page.on('request', (request) => urls.push(`${request.method()} ${new URL(request.url()).pathname}`));
    await dropFiles(page, '#drop-zone', [{ name: 'big.jpg', type: 'image/jpeg', bytes: largeJpeg(5 * 1024 * 1024) }]);
    const c = card(page, 'big.jpg');
    await c.locator('.status', { hasText: 'Done' }).waitFor();
    expect(urls).toEqual(expect.arrayContaining(['POST /upload-url', expect.stringMatching(/^PUT \/uploads\/uploads\//)]));
    expect(urls).not.toContain('POST /upload');
    expect(await c.locator('.metadata').innerText()).toContain('5 MB');
  });

  it('cancels an upload in flight', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    await dropFiles(page, '#drop-zone', [{ name: 'slow.jpg', type: 'image/jpeg', bytes: largeJpeg(3 * 1024 * 1024) }]);
    const c = card(page, 'slow.jpg');
    await c.locator('.status', { hasText: 'Uploading' }).waitFor();
    await c.getByRole('button', { name: 'Cancel' }).click();
    await c.locator('.status', { hasText: 'Cancelled' }).waitFor();
    expect(await c.getAttribute('data-state')).toBe('cancelled');
  });

  it('retries an upload the server could not take once, then shows its message and a Retry button that works', async () => {
    let attempts = 0;
    await page.route('**/upload', (route) => {
      attempts += 1;
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'The file could not be stored; try again shortly.' } }),
      });
    });
    await dropFiles(page, '#drop-zone', [corpusFile('ian_Canon_40D.jpg')]);
    const c = card(page, 'ian_Canon_40D.jpg');
    await expect(c.locator('.status', { hasText: 'Failed' }).innerText()).resolves.toBe('Failed: The file could not be stored; try again shortly.');
    expect(attempts).toBe(2);
    await page.unroute('**/upload');
    await c.getByRole('button', { name: 'Retry' }).click();
    await c.locator('.status', { hasText: 'Done' }).waitFor();
  });

  it('keeps polling through throttling and shows the result once the API answers again', async () => {
    let throttled = 0;
    await page.route('**/results?*', (route) => {
      if (throttled++ < 3)
        return route.fulfill({
          status: 429,
          contentType: 'application/json',
          headers: { 'Access-Control-Allow-Origin': '*' },
          body: JSON.stringify({ message: 'Too Many Requests' }),
        });
      return route.continue();
    });
    await dropFiles(page, '#drop-zone', [corpusFile('ian_Nikon_D70.jpg')]);
    await card(page, 'ian_Nikon_D70.jpg').locator('.status', { hasText: 'Done' }).waitFor();
    expect(throttled).toBeGreaterThan(3);
  });

  it('shows a clear message when the network fails', async () => {
    await page.route('**/upload', (route) => route.abort('connectionrefused'));
    await dropFiles(page, '#drop-zone', [corpusFile('ian_Nikon_D70.jpg')]);
    await expect(card(page, 'ian_Nikon_D70.jpg').locator('.status', { hasText: 'Failed' }).innerText()).resolves.toMatch(/Could not reach the server/);
  });

  it('shows a processing failure with its message', async () => {
    await dropFiles(page, '#drop-zone', [corpusFile('brk_jpeg_cut_in_exif.jpg')]);
    const status = card(page, 'brk_jpeg_cut_in_exif.jpg').locator('.status', { hasText: 'Failed' });
    await status.waitFor();
    expect(await status.innerText()).toMatch(/^Failed: The JPEG header gives no valid width and height/);
  });

  it('takes a dozen 12 MP phone photos at once: three upload at a time, all end Done with a thumbnail, and the API keeps answering', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phone-photos-'));
    const probe = { stop: false, latencies: [] as number[] };
    try {
      const paths: string[] = [];
      for (let n = 1; n <= 12; n++) {
        const path = join(dir, `PXL_2026060${n % 10}_${String(n).padStart(2, '0')}.jpg`);
        writeFileSync(path, await phonePhoto({ seed: n }));
        paths.push(path);
      }
      // The page's own view of how many upload at once, sampled at every state change.
      await page.evaluate(() => {
        const w = window as unknown as { mostUploading: number };
        w.mostUploading = 0;
        new MutationObserver(() => {
          w.mostUploading = Math.max(w.mostUploading, document.querySelectorAll('.card[data-state="uploading"]').length);
        }).observe(document.querySelector('#queue')!, { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
      });
      // Meanwhile, someone else asks the API something every 100 ms.
      const probing = (async () => {
        while (!probe.stop) {
          const started = performance.now();
          await fetch(`${apiUrl()}/result/4b8f6a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b`).then((r) => r.arrayBuffer());
          probe.latencies.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();

      await page.setInputFiles('#file-input', paths);
      await page.locator('.card[data-state="waiting"]').first().waitFor();
      for (const path of paths) {
        const c = card(page, path.slice(dir.length + 1));
        await c.locator('.status', { hasText: 'Done' }).waitFor({ timeout: 150_000 });
        const thumbnail = c.locator('img.thumbnail');
        await thumbnail.waitFor({ timeout: 60_000 });
        expect(await c.locator('.metadata').innerText()).toContain('Pixel 8');
      }
      probe.stop = true;
      await probing;
      expect(await page.locator('.card[data-state="done"]').count()).toBe(12);
      expect(await page.evaluate(() => (window as unknown as { mostUploading: number }).mostUploading)).toBe(3);
      const sorted = [...probe.latencies].sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length * 0.95)]).toBeLessThan(1000);
    } finally {
      probe.stop = true;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('shows what a photo reveals, removes it with the switch on (remembered), and deletes an upload with its token', async () => {
    const bytes = await phonePhoto({ seed: 31, width: 800, height: 600, identifying: true });
    // Switch off: the badges say what the photo gives away, with a map link for its place.
    await page.setInputFiles('#file-input', [{ name: 'revealing.jpg', mimeType: 'image/jpeg', buffer: bytes }]);
    const open = card(page, 'revealing.jpg');
    await open.locator('.status', { hasText: 'Done' }).waitFor();
    expect(await open.locator('.badge-reveals').allInnerTexts()).toEqual(['Location', 'Camera serial', 'Owner name']);
    expect(await open.getByRole('link', { name: 'Open in OpenStreetMap' }).getAttribute('href')).toMatch(/^https:\/\/www\.openstreetmap\.org\/\?mlat=48\.85/);

    // Switch on, and still on after a reload.
    await page.getByLabel('Remove location and serial numbers').check();
    await page.reload();
    expect(await page.getByLabel('Remove location and serial numbers').isChecked()).toBe(true);
    await page.setInputFiles('#file-input', [{ name: 'private.jpg', mimeType: 'image/jpeg', buffer: bytes }]);
    const hidden = card(page, 'private.jpg');
    await hidden.locator('.status', { hasText: 'Done' }).waitFor();
    expect(await hidden.locator('.badge-reveals').count()).toBe(0);
    expect(await hidden.locator('.badge-removed').innerText()).toBe('Removed: location, serial numbers, owner name');
    expect(await hidden.getByRole('link', { name: 'Open in OpenStreetMap' }).count()).toBe(0);
    await hidden.locator('img.thumbnail').waitFor();

    // Delete, with the token the card kept in memory only (never in the browser's storage).
    const id = (await hidden.getAttribute('data-upload-id'))!;
    expect((await fetch(`${apiUrl()}/result/${id}`)).status).toBe(200);
    await hidden.getByRole('button', { name: 'Delete' }).click();
    await hidden.locator('.status', { hasText: 'Deleted' }).waitFor();
    expect(await hidden.getAttribute('data-state')).toBe('deleted');
    expect((await fetch(`${apiUrl()}/result/${id}`)).status).toBe(404);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toMatch(/deleteToken|[A-Za-z0-9_-]{43}/);
  });

  it('shows a Description group: title, caption, keywords as chips, rating as stars, creator', async () => {
    await dropFiles(page, '#drop-zone', [corpusFile('et_MWG.jpg')]);
    const c = card(page, 'et_MWG.jpg');
    await c.locator('.status', { hasText: 'Done' }).waitFor();
    const description = c.getByRole('region', { name: 'Description' });
    expect(await description.innerText()).toContain('RIGHT-EXIF-Description');
    expect(await description.locator('.chip').allInnerTexts()).toEqual(['RIGHT1of2-XMP-Keywords', 'RIGHT2of2-XMP-Keywords']);
    expect(await description.getByRole('img', { name: '3 of 5 stars' }).count()).toBe(1);
    expect(await description.innerText()).toContain('RIGHT1of2-EXIF-Creator, RIGHT2of2-EXIF-Creator');
    expect(await description.innerText()).not.toContain('WRONG');
  });

  it('lists explicit image types in the file picker, not image/*', async () => {
    const accept = await page.locator('#file-input').getAttribute('accept');
    expect(accept).not.toContain('image/*');
    expect(accept).toContain('image/heic');
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await dropFiles(page, '#drop-zone', [corpusFile('mei_Samsung_SM-J327T1.jpg')]);
    await card(page, 'mei_Samsung_SM-J327T1.jpg').locator('.status', { hasText: 'Done' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('says one true thing about privacy: nothing to remove is not "Removed", and a GPS version alone is no location', async () => {
    await page.getByLabel('Remove location and serial numbers').check();
    const noGps = jpegFixture({ width: 64, height: 48, exif: [exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Canon' }] })] });
    const versionOnly = jpegFixture({ width: 64, height: 48, exif: [exifBlock({ gps: [{ tag: 0x0000, type: TYPE.BYTE, value: [2, 3, 0, 0] }] })] });
    await dropFiles(page, '#drop-zone', [
      { name: 'no-gps.jpg', type: 'image/jpeg', bytes: noGps },
      { name: 'gps-version-only.jpg', type: 'image/jpeg', bytes: versionOnly },
    ]);
    for (const name of ['no-gps.jpg', 'gps-version-only.jpg']) {
      const c = card(page, name);
      await c.locator('.status', { hasText: 'Done' }).waitFor();
      expect(await c.locator('.badge-removed').allInnerTexts()).toEqual(['Private: nothing to remove']);
      expect(await c.locator('.metadata').innerText()).not.toMatch(/Removed/);
    }
  });

  it('shows what a refused file still told: "TIFF (damaged)"', async () => {
    const damaged = exifBlock({
      littleEndian: true,
      ifd0: [
        { tag: 0x0100, type: TYPE.SHORT, value: [0] },
        { tag: 0x0101, type: TYPE.SHORT, value: [10] },
      ],
    });
    await dropFiles(page, '#drop-zone', [{ name: 'damaged.tif', type: 'image/tiff', bytes: damaged }]);
    const c = card(page, 'damaged.tif');
    await c.locator('.status', { hasText: 'Failed' }).waitFor();
    expect(await c.locator('.refused-type').innerText()).toBe('TIFF (damaged)');
  });

  it('wraps the EXIF table between words: no tag name is broken inside', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await dropFiles(page, '#drop-zone', [corpusFile('ian_Canon_40D.jpg')]);
    const c = card(page, 'ian_Canon_40D.jpg');
    await c.locator('.status', { hasText: 'Done' }).waitFor();
    await c.locator('details.exif summary').click();
    // Where a cell's text goes on to a new line, that must be between two words: a space, or the
    // boundary of a CamelCase tag name ("YCbCr|Positioning"); "Ima|ge" is a broken word.
    const broken = await c.locator('details.exif').evaluate((details) =>
      [...details.querySelectorAll('tbody th, tbody td')].flatMap((cell) => {
        const text = cell.textContent ?? '';
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const tops: number[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < node.textContent!.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            tops.push(Math.round(range.getBoundingClientRect().top));
          }
        }
        const breaks = tops.flatMap((top, i) => (i > 0 && top > tops[i - 1]! ? [i] : []));
        const betweenWords = (i: number) =>
          /\s/.test(text[i - 1]!) || /\s/.test(text[i]!) || (cell.tagName === 'TH' && /[a-z0-9]/.test(text[i - 1]!) && /[A-Z]/.test(text[i]!));
        const isValueWordWiderThanColumn = cell.tagName === 'TD' && cell === cell.parentElement!.lastElementChild && !/\s/.test(text);
        return breaks.some((i) => !betweenWords(i)) && !isValueWordWiderThanColumn ? [text] : [];
      }),
    );
    expect(await c.locator('details.exif tbody th').count()).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });

  it('has no serious or critical accessibility violation (axe-core) with cards in every state', async () => {
    // Held uploads stay "Uploading" until released, then are cancelled; one card stays "Processing".
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/upload', async (route) => {
      if (route.request().postDataBuffer()?.includes('held.jpg')) await held;
      // A held request the page has cancelled meanwhile cannot be continued any more.
      return route.continue().catch(() => undefined);
    });
    await page.route('**/results?*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { results: { filename?: string; status?: string; visual?: unknown }[] };
      for (const entry of body.results)
        if (entry.filename === 'processing.jpg') Object.assign(entry, { status: 'PROCESSING', visual: undefined, metadata: undefined });
      return route.fulfill({ response, json: body });
    });
    await dropFiles(page, '#drop-zone', [
      corpusFile('ian_Canon_40D.jpg'),
      { name: 'photo.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('this is not a photo') },
      {
        name: 'damaged.tif',
        type: 'image/tiff',
        bytes: exifBlock({
          littleEndian: true,
          ifd0: [
            { tag: 0x0100, type: TYPE.SHORT, value: [0] },
            { tag: 0x0101, type: TYPE.SHORT, value: [10] },
          ],
        }),
      },
      { ...corpusFile('ian_Nikon_D70.jpg'), name: 'processing.jpg' },
      { ...corpusFile('ian_Nikon_D70.jpg'), name: 'held.jpg' },
      { ...corpusFile('mei_Samsung_SM-J327T1.jpg'), name: 'deleted.jpg' },
    ]);
    await card(page, 'ian_Canon_40D.jpg').locator('img.thumbnail').waitFor();
    await card(page, 'damaged.tif').locator('.refused-type').waitFor();
    await card(page, 'processing.jpg').locator('.status', { hasText: 'Processing' }).waitFor();
    await card(page, 'held.jpg').locator('.status', { hasText: 'Uploading' }).waitFor();
    const deleted = card(page, 'deleted.jpg');
    await deleted.locator('.status', { hasText: 'Done' }).waitFor();
    await deleted.getByRole('button', { name: 'Delete', exact: true }).click();
    await deleted.locator('.status', { hasText: 'Deleted' }).waitFor();
    await card(page, 'ian_Canon_40D.jpg').locator('details.exif summary').click();
    const violations = async () => {
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const results = await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(),
      );
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    expect(await violations()).toEqual([]);
    expect(new Set(await page.locator('.card').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.state)))).toEqual(
      new Set(['done', 'refused', 'failed', 'processing', 'uploading', 'deleted']),
    );
    await card(page, 'held.jpg').getByRole('button', { name: 'Cancel' }).click();
    release();
    await card(page, 'held.jpg').locator('.status', { hasText: 'Cancelled' }).waitFor();
    expect(await violations()).toEqual([]);
  }, 60_000);
});
