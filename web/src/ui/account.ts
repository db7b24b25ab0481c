import { ApiError, type ApiClient, type UploadList } from '../api';
import { formatDimensions } from '../format';
import { bearerToken, signIn, signOut } from '../session';
import { element } from './dom';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * The account panel, for an API that requires a signed-in caller (AUTH_MODE=jwt): a "Sign in" box
 * that takes a bearer token from the deployment's identity provider (kept for this tab only), then
 * "My uploads", paging through GET /uploads. Hidden until the API first asks for a sign-in, or while
 * a token is kept from earlier in this tab.
 */
export class AccountPanel {
  private readonly list = element('ul', { className: 'my-uploads', attributes: { 'aria-label': 'My uploads' } });
  private readonly more = element('button', { text: 'More', attributes: { type: 'button' } });
  private readonly status = element('p', { className: 'account-status', attributes: { role: 'status' } });
  private cursor: string | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: ApiClient,
  ) {
    this.more.addEventListener('click', () => void this.loadPage());
    if (bearerToken()) this.showSignedIn();
  }

  /** The API answered 401: ask for a token. */
  requireSignIn(message = 'This service needs you to sign in.'): void {
    signOut();
    const input = element('input', {
      attributes: { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help' },
    });
    const form = element(
      'form',
      { className: 'sign-in' },
      element('h2', { text: 'Sign in' }),
      element('p', { text: message }),
      element('label', { text: 'Token', attributes: { for: 'token' } }),
      input,
      element('p', { text: 'Paste the bearer token your identity provider gave you. It is kept in this tab only.', attributes: { id: 'token-help' } }),
      element('button', { text: 'Sign in', attributes: { type: 'submit' } }),
    );
    const error = element('p', { className: 'sign-in-error', attributes: { role: 'alert' } });
    form.append(error);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = input.value.trim().replace(/^Bearer\s+/i, '');
      if (!JWT.test(token)) {
        error.textContent = 'That is not a token: it should look like xxxxx.yyyyy.zzzzz.';
        return;
      }
      signIn(token);
      this.showSignedIn();
    });
    this.root.replaceChildren(form);
    this.root.hidden = false;
    input.focus();
  }

  signedIn(): boolean {
    return bearerToken() !== null;
  }

  private showSignedIn(): void {
    const signOutButton = element('button', { text: 'Sign out', attributes: { type: 'button' } });
    signOutButton.addEventListener('click', () => this.requireSignIn('Signed out.'));
    this.list.replaceChildren();
    this.cursor = null;
    this.root.replaceChildren(
      element('div', { className: 'account-head' }, element('h2', { text: 'My uploads' }), signOutButton),
      this.status,
      this.list,
      this.more,
    );
    this.root.hidden = false;
    void this.loadPage();
  }

  /** The next page of GET /uploads, appended. */
  async loadPage(): Promise<void> {
    this.more.hidden = true;
    this.status.textContent = 'Loading…';
    let page: UploadList;
    try {
      page = await this.api.uploads(this.cursor, new AbortController().signal);
    } catch (error) {
      if (error instanceof ApiError && error.authRequired) return this.requireSignIn('Your sign-in has expired or was refused. Sign in again.');
      this.status.textContent = `Could not load your uploads: ${error instanceof ApiError ? error.message : 'something went wrong.'}`;
      return;
    }
    for (const upload of page.uploads) {
      const details = [
        upload.status,
        upload.format?.toUpperCase(),
        upload.width && upload.height ? formatDimensions(upload.width, upload.height) : null,
        cameraName(upload.camera),
      ]
        .filter(Boolean)
        .join(' · ');
      const item = element('li', { className: 'my-upload', attributes: { 'data-upload-id': upload.id } });
      if (upload.thumbnailUrl) item.append(element('img', { className: 'my-upload-thumbnail', attributes: { src: upload.thumbnailUrl, alt: '' } }));
      item.append(element('span', { className: 'my-upload-name', text: upload.filename }), element('span', { className: 'my-upload-details', text: details }));
      this.list.append(item);
    }
    this.cursor = page.nextCursor;
    this.more.hidden = page.nextCursor === null;
    this.status.textContent = this.list.childElementCount ? '' : 'No uploads yet.';
  }
}

/** "Canon EOS 40D", not "Canon Canon EOS 40D": most models already start with their make. */
function cameraName(camera: UploadList['uploads'][number]['camera']): string | null {
  if (!camera?.model) return camera?.make ?? null;
  return camera.make && !camera.model.toLowerCase().startsWith(camera.make.toLowerCase()) ? `${camera.make} ${camera.model}` : camera.model;
}
