/** The page against the stack that requires a token (AUTH_MODE=jwt), in Chromium. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { corpusPath } from '../../../tests/corpus';
import { jwtWebUrl, tokenFor } from '../../../tests/system/auth';
import { card, describeInBrowser, dropFiles, launch, screenshot } from './browser';

const photo = (name: string) => ({ name, type: 'image/jpeg', bytes: readFileSync(join(corpusPath(), 'ian_Canon_40D.jpg')) });

describeInBrowser('the page with sign-in (AUTH_MODE=jwt), in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function signIn(page: Page, sub: string) {
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Token').fill(await tokenFor(sub));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My uploads' }).waitFor();
  }

  it('asks to sign in when the API says so, then uploads, lists "My uploads" and deletes as the owner; another owner sees none of it', async () => {
    const alice = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await alice.goto(jwtWebUrl());
    // The page asks at once: the API told it that it needs a signed-in caller.
    await alice.getByRole('heading', { name: 'Sign in' }).waitFor();
    // Not signed in: the upload is refused with 401, and the page asks for a token.
    await dropFiles(alice, '#drop-zone', [photo('alice.jpg')]);
    await card(alice, 'alice.jpg').locator('.status', { hasText: 'Failed' }).waitFor();
    await signIn(alice, 'alice');
    await card(alice, 'alice.jpg').getByRole('button', { name: 'Retry' }).click();
    await card(alice, 'alice.jpg').locator('.status', { hasText: 'Done' }).waitFor();
    await card(alice, 'alice.jpg').locator('img.thumbnail').waitFor();
    // My uploads lists it (reloaded: the token is kept for this tab).
    await alice.reload();
    const mine = alice.getByRole('list', { name: 'My uploads' });
    await mine.locator('li', { hasText: 'alice.jpg' }).waitFor();
    expect(await mine.locator('li', { hasText: 'alice.jpg' }).innerText()).toContain('DONE · JPEG · 100 × 68 · Canon EOS 40D');
    await screenshot(alice, 'sign-in-my-uploads');

    // Bob, signed in elsewhere, sees none of Alice's uploads.
    const bob = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await bob.goto(jwtWebUrl());
    await dropFiles(bob, '#drop-zone', [photo('bob.jpg')]);
    await signIn(bob, 'bob');
    await card(bob, 'bob.jpg').getByRole('button', { name: 'Retry' }).click();
    await card(bob, 'bob.jpg').locator('.status', { hasText: 'Done' }).waitFor();
    await bob.reload();
    await bob.getByRole('list', { name: 'My uploads' }).locator('li', { hasText: 'bob.jpg' }).waitFor();
    expect(await bob.getByRole('list', { name: 'My uploads' }).innerText()).not.toContain('alice.jpg');

    // Alice deletes her upload without a delete token: she owns it.
    await dropFiles(alice, '#drop-zone', [photo('alice-2.jpg')]);
    const second = card(alice, 'alice-2.jpg');
    await second.locator('.status', { hasText: 'Done' }).waitFor();
    await second.getByRole('button', { name: 'Delete', exact: true }).click();
    await second.locator('.status', { hasText: 'Deleted' }).waitFor();
    await Promise.all([alice.close(), bob.close()]);
  }, 90_000);
});
