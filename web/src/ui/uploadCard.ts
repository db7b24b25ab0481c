import { ApiError, type Accepted, type ApiClient, type UploadOptions, type UploadResult } from '../api';
import { formatBytes } from '../format';
import { StillProcessingError, type BatchPoller } from '../poll';
import type { UploadQueue } from '../uploadQueue';
import { declaredMimeType, refusalReason, SNIFF_BYTES } from '../sniff';
import { element } from './dom';
import { refusedSummary, renderMetadata } from './metadataView';
import { renderPrivacy } from './privacyView';
import { renderVisual } from './visualView';

export interface CardSettings {
  api: ApiClient;
  /** Shared by every card: at most a few uploads at once. */
  queue: UploadQueue;
  /** Shared by every card: one status request per cycle for all of them. */
  poller: BatchPoller;
  directUploadLimit: number;
  presignedUploadLimit: number;
  multipartUploadLimit: number;
  /** Whether a caller is signed in (AUTH_MODE=jwt). */
  signedIn(): boolean;
  /** The API asked for a sign-in (401): show the Sign in box. */
  onAuthRequired(): void;
}

/** Pause before the one automatic retry of an upload the server could not take (503/504), with ±25 % jitter. */
const RETRY_DELAY_MS = 1500;

type State = 'checking' | 'refused' | 'waiting' | 'uploading' | 'processing' | 'done' | 'failed' | 'cancelled' | 'stalled' | 'deleted';

/** One file's card: preview, upload with progress and cancel, status, then its metadata. */
export class UploadCard {
  readonly root: HTMLElement;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly actions: HTMLElement;
  private readonly body: HTMLElement;
  private readonly visual: HTMLElement = element('div', { className: 'visual' });
  private readonly controller = new AbortController();
  private shown = false;
  private readonly previewUrl: string;
  private id: string | null = null;
  private deleteToken: string | null = null;

  constructor(
    private readonly file: File,
    private readonly settings: CardSettings,
    /** `private`: ask the server to remove the location, serial numbers and owner's name. */
    private options: UploadOptions = { private: false },
  ) {
    this.previewUrl = URL.createObjectURL(file);
    const preview = element('img', { className: 'preview', attributes: { src: this.previewUrl, alt: `Preview of ${file.name}` } });
    preview.addEventListener('error', () => preview.replaceWith(element('div', { className: 'preview preview-none', text: 'No preview' })), { once: true });
    preview.addEventListener('load', () => URL.revokeObjectURL(this.previewUrl), { once: true });
    this.status = element('p', { className: 'status', attributes: { role: 'status', 'aria-live': 'polite' } });
    this.progress = element('progress', { attributes: { max: '1', value: '0', 'aria-label': `Upload progress of ${file.name}` } });
    this.progress.hidden = true;
    this.actions = element('div', { className: 'actions' });
    this.body = element('div', { className: 'card-body' });
    const remove = element('button', { className: 'remove', text: '×', attributes: { type: 'button', 'aria-label': `Remove ${file.name}` } });
    remove.addEventListener('click', () => this.remove());
    this.root = element(
      'li',
      { className: 'card', attributes: { 'data-state': 'checking' } },
      element(
        'div',
        { className: 'card-head' },
        preview,
        element('div', { className: 'card-title' }, element('h2', { text: file.name }), element('p', { className: 'size', text: formatBytes(file.size) })),
        remove,
      ),
      this.status,
      this.progress,
      this.actions,
      this.body,
    );
  }

  /** Checks, waits for its turn, uploads, then polls until the metadata is there. */
  async start(): Promise<void> {
    const head = new Uint8Array(await this.file.slice(0, SNIFF_BYTES).arrayBuffer());
    const reason = refusalReason(head, this.file.size, this.settings.multipartUploadLimit);
    if (reason) return this.setState('refused', `Not uploaded: ${reason}`);
    this.options = { ...this.options, contentType: declaredMimeType(this.file.type, head) };
    await this.upload();
  }

  private async upload(): Promise<void> {
    this.clearActions();
    this.setState('waiting', 'Waiting');
    this.addAction('Cancel', () => this.controller.abort());
    let release: () => void;
    try {
      release = await this.settings.queue.acquire(this.controller.signal);
    } catch {
      return this.fail(new ApiError('CANCELLED', 'Cancelled.'));
    }
    try {
      const accepted = await this.send().catch(async (error: unknown) => {
        // The server was busy or slow: once more, after a pause, before asking the person.
        if (!(error instanceof ApiError && error.transient)) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (0.75 + Math.random() / 2)));
        return this.send();
      });
      this.id = accepted.id;
      // The delete token stays in this card's memory only: it deletes the photo.
      this.deleteToken = accepted.deleteToken ?? null;
      this.root.dataset.uploadId = accepted.id;
    } catch (error) {
      this.fail(error);
      if (error instanceof ApiError && error.authRequired) this.settings.onAuthRequired();
      if (error instanceof ApiError && (error.transient || error.authRequired)) this.addAction('Retry', () => this.upload());
      return;
    } finally {
      release();
    }
    this.progress.hidden = true;
    this.clearActions();
    await this.poll();
  }

  /** One upload attempt, with progress; resolves with the upload's id and delete token. */
  private async send(): Promise<Accepted> {
    if (this.controller.signal.aborted) throw new ApiError('CANCELLED', 'Upload cancelled.');
    this.setState('uploading', 'Uploading 0 %');
    this.progress.value = 0;
    this.progress.hidden = false;
    const onProgress = (fraction: number) => {
      this.progress.value = fraction;
      this.status.textContent = `Uploading ${Math.floor(fraction * 100)} %`;
    };
    const { api } = this.settings;
    if (this.file.size <= this.settings.directUploadLimit) return await api.uploadDirect(this.file, this.options, onProgress, this.controller.signal);
    if (this.file.size <= this.settings.presignedUploadLimit) return await api.uploadPresigned(this.file, this.options, onProgress, this.controller.signal);
    return await api.uploadMultipart(this.file, this.options, onProgress, this.controller.signal);
  }

  private async poll(): Promise<void> {
    if (!this.shown) this.setState('processing', 'Processing…');
    try {
      const result = await this.settings.poller.watch(this.id!, this.controller.signal, (update) => {
        // The metadata shows as soon as it is there; the thumbnail follows.
        if (update.status === 'DONE' && !this.shown) this.show(update);
      });
      if (!this.shown) this.show(result);
      if (result.status === 'DONE') {
        this.visual.replaceChildren(renderVisual(result));
        this.previewFromThumbnail(result);
      }
    } catch (error) {
      if (error instanceof StillProcessingError && this.shown) {
        this.visual.replaceChildren();
        return;
      }
      if (error instanceof StillProcessingError) {
        this.setState('stalled', 'Still processing — this is taking longer than usual.');
        this.addAction('Check again', () => {
          this.clearActions();
          void this.poll();
        });
        return;
      }
      this.fail(error);
    }
  }

  /** A photo the browser cannot show (HEIC in Chromium) gets the server's thumbnail as its preview. */
  private previewFromThumbnail(result: UploadResult): void {
    const missing = this.root.querySelector('.preview-none');
    if (!missing || !result.thumbnailUrl) return;
    missing.replaceWith(element('img', { className: 'preview', attributes: { src: result.thumbnailUrl, alt: `Preview of ${this.file.name}` } }));
  }

  private show(result: UploadResult): void {
    this.shown = true;
    if (result.status === 'FAILED') {
      this.setState('failed', `Failed: ${result.error?.message ?? 'the file could not be processed.'}`);
      const refused = refusedSummary(result);
      if (refused) this.body.replaceChildren(element('p', { className: 'refused-type', text: refused }));
      this.addDeleteAction();
      return;
    }
    this.setState('done', 'Done');
    this.visual.replaceChildren(element('p', { className: 'visual-pending', text: 'Making a thumbnail…' }));
    this.body.replaceChildren(renderPrivacy(result), this.visual, renderMetadata(result));
    const json = JSON.stringify(result, null, 2);
    this.addAction('Copy JSON', async () => {
      await navigator.clipboard.writeText(json).then(
        () => (this.status.textContent = 'Done — JSON copied'),
        () => (this.status.textContent = 'Done — copying is not allowed here; use Download JSON'),
      );
    });
    this.addAction('Download JSON', () => {
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const link = element('a', { attributes: { href: url, download: `${this.file.name.replace(/\.[^.]+$/, '')}.metadata.json` } });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    this.addDeleteAction();
  }

  /** "Delete": removes the upload, its thumbnail and its record from the server with the card's token. */
  private addDeleteAction(): void {
    // Anonymous uploads are deleted with their token; a signed-in owner's without one.
    if (!this.id || (!this.deleteToken && !this.settings.signedIn())) return;
    this.addAction('Delete', async () => {
      const id = this.id!;
      this.status.textContent = 'Deleting…';
      try {
        await this.settings.api.deleteUpload(id, this.deleteToken);
      } catch (error) {
        this.status.textContent = `Not deleted: ${error instanceof ApiError ? error.message : 'something went wrong.'}`;
        return;
      }
      this.deleteToken = null;
      this.setState('deleted', 'Deleted — the file, its thumbnail and its metadata are gone from the server.');
      this.controller.abort(); // no more polling
      this.clearActions();
      this.body.replaceChildren();
    });
  }

  private fail(error: unknown): void {
    if (this.root.dataset.state === 'deleted') return;
    this.progress.hidden = true;
    this.clearActions();
    if (error instanceof ApiError && error.code === 'CANCELLED') {
      if (!this.root.isConnected) return;
      this.setState('cancelled', 'Cancelled');
      return;
    }
    const message = error instanceof ApiError ? error.message : 'Something went wrong in this page. Reload and try again.';
    this.setState('failed', `Failed: ${message}`);
  }

  /** Removes the card: stops its upload or polling and frees its preview. */
  remove(): void {
    this.controller.abort();
    URL.revokeObjectURL(this.previewUrl);
    this.root.remove();
  }

  private setState(state: State, message: string): void {
    this.root.dataset.state = state;
    this.status.textContent = message;
  }

  private addAction(label: string, run: () => void | Promise<void>): void {
    const button = element('button', { text: label, attributes: { type: 'button' } });
    button.addEventListener('click', () => void run());
    this.actions.append(button);
  }

  private clearActions(): void {
    this.actions.replaceChildren();
  }
}
