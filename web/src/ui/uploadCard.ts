import { ApiError, type ApiClient, type UploadResult } from '../api';
import { formatBytes } from '../format';
import { pollResult, StillProcessing, type PollOptions } from '../poll';
import { refusalReason } from '../sniff';
import { element } from './dom';
import { renderMetadata } from './metadataView';
import { renderVisual } from './visualView';

export interface CardSettings {
  api: ApiClient;
  directUploadLimit: number;
  presignedUploadLimit: number;
  poll?: PollOptions;
}

type State = 'checking' | 'refused' | 'uploading' | 'processing' | 'done' | 'failed' | 'cancelled' | 'stalled';

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

  constructor(
    private readonly file: File,
    private readonly settings: CardSettings,
    private readonly onRemove: (card: UploadCard) => void,
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
      element('div', { className: 'card-head' }, preview, element('div', { className: 'card-title' }, element('h2', { text: file.name }), element('p', { className: 'size', text: formatBytes(file.size) })), remove),
      this.status,
      this.progress,
      this.actions,
      this.body,
    );
  }

  /** Checks, uploads, then polls until the metadata is there. */
  async start(): Promise<void> {
    const head = new Uint8Array(await this.file.slice(0, 32).arrayBuffer());
    const reason = refusalReason(head, this.file.size, this.settings.presignedUploadLimit);
    if (reason) return this.setState('refused', `Not uploaded: ${reason}`);

    this.setState('uploading', 'Uploading 0 %');
    this.progress.hidden = false;
    this.addAction('Cancel', () => this.controller.abort());
    const onProgress = (fraction: number) => {
      this.progress.value = fraction;
      this.status.textContent = `Uploading ${Math.floor(fraction * 100)} %`;
    };
    try {
      const direct = this.file.size <= this.settings.directUploadLimit;
      const { id } = direct
        ? await this.settings.api.uploadDirect(this.file, onProgress, this.controller.signal)
        : await this.settings.api.uploadPresigned(this.file, onProgress, this.controller.signal);
      this.id = id;
      this.progress.hidden = true;
      this.clearActions();
      await this.poll();
    } catch (error) {
      this.fail(error);
    }
  }

  private async poll(): Promise<void> {
    if (!this.shown) this.setState('processing', 'Processing…');
    try {
      const result = await pollResult(this.settings.api, this.id!, this.controller.signal, (update) => {
        // The metadata shows as soon as it is there; the thumbnail follows.
        if (update.status === 'DONE' && !this.shown) this.show(update);
      }, this.settings.poll);
      if (!this.shown) this.show(result);
      if (result.status === 'DONE') this.visual.replaceChildren(renderVisual(result));
    } catch (error) {
      if (error instanceof StillProcessing && this.shown) {
        this.visual.replaceChildren();
        return;
      }
      if (error instanceof StillProcessing) {
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

  private show(result: UploadResult): void {
    this.shown = true;
    if (result.status === 'FAILED') {
      this.setState('failed', `Failed: ${result.error?.message ?? 'the file could not be processed.'}`);
      return;
    }
    this.setState('done', 'Done');
    this.visual.replaceChildren(element('p', { className: 'visual-pending', text: 'Making a thumbnail…' }));
    this.body.replaceChildren(this.visual, renderMetadata(result));
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
  }

  private fail(error: unknown): void {
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
    this.onRemove(this);
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
