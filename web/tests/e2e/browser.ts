import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'e2e');

/** The page's card for an upload, found by its heading (the file's name). */
export const card = (page: Page, name: string) => page.locator('.card', { has: page.getByRole('heading', { name, exact: true }) });

/** Under CI the browser suite must run; elsewhere it is skipped, loudly, when Chromium is absent. */
export const describeInBrowser: jest.Describe =
  existsSync(CHROMIUM) || process.env.CI
    ? describe
    : (((name: string, fn: () => void) => {
        console.warn(`Skipping "${name}": ${CHROMIUM} is missing (apt-get install chromium). CI=true never skips.`);
        describe.skip(name, fn);
      }) as jest.Describe);

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Drops files on an element the way a person's drag and drop does: a real `drop` event with a DataTransfer. */
export async function dropFiles(page: Page, selector: string, files: { name: string; type: string; bytes: Uint8Array }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: Buffer.from(f.bytes).toString('base64') }));
  const transfer = await page.evaluateHandle((items) => {
    const data = new DataTransfer();
    for (const item of items) {
      const binary = atob(item.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      data.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return data;
  }, payload);
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

/**
 * Drops one file of `size` bytes that is zeros but for the parts given, built inside the page: a
 * 200 MB video without sending 200 MB through the test's connection to the browser.
 */
export async function dropSparseFile(
  page: Page,
  selector: string,
  file: { name: string; type: string; size: number; parts: { offset: number; bytes: Uint8Array }[] },
): Promise<void> {
  const parts = file.parts.map((part) => ({ offset: part.offset, base64: Buffer.from(part.bytes).toString('base64') }));
  const transfer = await page.evaluateHandle(
    ({ name, type, size, parts }) => {
      const bytes = new Uint8Array(size);
      for (const part of parts) {
        const binary = atob(part.base64);
        for (let i = 0; i < binary.length; i++) bytes[part.offset + i] = binary.charCodeAt(i);
      }
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type }));
      return data;
    },
    { name: file.name, type: file.type, size: file.size, parts },
  );
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

/**
 * A browser for the suite (launched once) and a fresh page for each test, opened on the page's URL
 * and screenshotted into test-artifacts when the test ends: call in a describe block, read the page
 * through the getter it returns.
 */
export function pagePerTest(url: () => string, viewport = { width: 1280, height: 900 }): () => Page {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport });
    await page.goto(url());
  });
  afterEach(async () => {
    await screenshot(
      page,
      expect
        .getState()
        .currentTestName!.replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase(),
    );
    await page.close();
  });
  return () => page;
}
