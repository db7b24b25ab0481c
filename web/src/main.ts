import './style.css';
import { ApiClient, ApiError } from './api';
import { config } from './config';
import { BatchPoller } from './poll';
import { bearerToken } from './session';
import { UploadQueue } from './uploadQueue';
import { AccountPanel } from './ui/account';
import { setUpDropZone } from './ui/dropZone';
import { UploadCard } from './ui/uploadCard';

const zone = document.querySelector<HTMLElement>('#drop-zone')!;
const input = document.querySelector<HTMLInputElement>('#file-input')!;
const queue = document.querySelector<HTMLUListElement>('#queue')!;
const api = new ApiClient(config.apiUrl, bearerToken);
const account = new AccountPanel(document.querySelector<HTMLElement>('#account')!, api);
// Does this API need a signed-in caller (AUTH_MODE=jwt)? Ask once, with an id nobody has: an
// anonymous API answers it NOT_FOUND, one that needs a token answers 401 — then the page asks at once.
if (!account.signedIn()) {
  api.results([crypto.randomUUID()], new AbortController().signal).catch((error: unknown) => {
    if (error instanceof ApiError && error.authRequired) account.requireSignIn();
  });
}
/** Uploads at once: enough to keep the line busy, few enough that each finishes well inside the API's timeout. */
const CONCURRENT_UPLOADS = 3;
const settings = {
  api,
  queue: new UploadQueue(CONCURRENT_UPLOADS),
  poller: new BatchPoller(api),
  directUploadLimit: config.directUploadLimit,
  presignedUploadLimit: config.presignedUploadLimit,
  multipartUploadLimit: config.multipartUploadLimit,
  signedIn: () => account.signedIn(),
  onAuthRequired: () => account.requireSignIn(),
};

// Private uploads ("Remove location and serial numbers"), remembered for the next visit.
const privateCheckbox = document.querySelector<HTMLInputElement>('#private')!;
const PRIVATE_SETTING = 'private';
privateCheckbox.checked = readSetting(PRIVATE_SETTING) === 'true';
privateCheckbox.addEventListener('change', () => writeSetting(PRIVATE_SETTING, String(privateCheckbox.checked)));

setUpDropZone(zone, input, (files) => {
  for (const file of files) {
    const card = new UploadCard(file, settings, { private: privateCheckbox.checked });
    queue.append(card.root);
    void card.start();
  }
});

/** localStorage, when the browser allows it (private modes and some settings refuse it). */
function readSetting(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeSetting(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {}
}
