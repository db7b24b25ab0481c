import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { webUrl } from '../../../tests/system/support';
import { corpusPath } from '../../../tests/corpus';
import { exifBlock, TYPE } from '../../../packages/metadata/tests/fixtures/exifBlock';
import { jpeg } from '../../../packages/metadata/tests/fixtures/images';
import { nikonD90Note } from '../../../packages/metadata/tests/fixtures/cameraFiles';
import { card, describeInBrowser, pagePerTest } from './browser';

/**
 * A Nikon D90 photo as the camera writes it: no LensModel in EXIF, the lens ("24mm f/2.8") and the
 * serial in its type-3 maker note, and a GPS clock two hours behind the camera's.
 */
function nikonD90(): Uint8Array {
  const note = nikonD90Note('0330100138');
  const exif = exifBlock({
    ifd0: [
      { tag: 0x010f, type: TYPE.ASCII, value: 'NIKON CORPORATION' },
      { tag: 0x0110, type: TYPE.ASCII, value: 'NIKON D90' },
    ],
    exif: [
      { tag: 0x9003, type: TYPE.ASCII, value: '2010:06:01 12:30:05' },
      { tag: 0x9291, type: TYPE.ASCII, value: '42' },
      { tag: 0x927c, type: TYPE.UNDEFINED, value: note },
    ],
    gps: [
      {
        tag: 0x07,
        type: TYPE.RATIONAL,
        value: [
          [10, 1],
          [30, 1],
          [1, 1],
        ],
      },
      { tag: 0x1d, type: TYPE.ASCII, value: '2010:06:01' },
    ],
  });
  return jpeg({ width: 640, height: 480, exif: [exif] });
}

describeInBrowser('lens, serial number and capture time in Chromium, against the local stack', () => {
  const currentPage = pagePerTest(webUrl);
  let page: Page;
  beforeEach(() => {
    page = currentPage();
  });

  it('shows the lens and serial a Canon and a Nikon keep in their maker notes, the sub-seconds and an offset from GPS; private mode removes the serials', async () => {
    const canon = readFileSync(join(corpusPath(), 'mei_Canon_EOS_REBEL_T3i.jpg'));
    await page.setInputFiles('#file-input', [
      { name: 'canon.jpg', mimeType: 'image/jpeg', buffer: canon },
      { name: 'd90.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(nikonD90()) },
    ]);
    const canonCard = card(page, 'canon.jpg');
    const nikonCard = card(page, 'd90.jpg');
    await canonCard.locator('.status', { hasText: 'Done' }).waitFor();
    await nikonCard.locator('.status', { hasText: 'Done' }).waitFor();
    const canonText = await canonCard.locator('.metadata').innerText();
    expect(canonText).toContain('EF-S18-55mm f/3.5-5.6 IS II (from maker notes)');
    expect(canonText).toMatch(/Serial number\s+ZA2146315/);
    expect(canonText).toContain('2014-03-05 05:28:09.46');
    const nikonText = await nikonCard.locator('.metadata').innerText();
    expect(nikonText).toContain('24mm f/2.8 (from its specification)');
    expect(nikonText).toMatch(/Serial number\s+0330100138/);
    expect(nikonText).toContain('2010-06-01 12:30:05.42 (UTC+02:00, from GPS)');
    expect(await nikonCard.locator('.badge-reveals').allInnerTexts()).toContain('Camera serial');

    await page.getByLabel('Remove location and serial numbers').check();
    await page.setInputFiles('#file-input', [{ name: 'd90-private.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(nikonD90()) }]);
    const hidden = card(page, 'd90-private.jpg');
    await hidden.locator('.status', { hasText: 'Done' }).waitFor();
    const hiddenText = await hidden.locator('.metadata').innerText();
    expect(hiddenText).not.toContain('0330100138');
    expect(hiddenText).toContain('24mm f/2.8');
    expect(await hidden.locator('.badge-removed').innerText()).toContain('serial numbers');
  });
});
