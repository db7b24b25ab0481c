import type { UploadResult } from '../api';
import { element } from './dom';

const HEX = /^#[0-9a-f]{6}$/i;

const SKIP_REASONS: Record<string, string> = {
  UNSUPPORTED_FORMAT: 'No thumbnail: this format is not decoded on the server.',
  TOO_LARGE: 'No thumbnail: the image is too large to decode safely.',
  SUSPICIOUS_COMPRESSION: 'No thumbnail: the file claims far more pixels than its size allows.',
  VIDEO: 'No thumbnail: video frames are not decoded on the server.',
  NO_PREVIEW: 'No thumbnail: this RAW file embeds no JPEG preview.',
};

/** The thumbnail (orientation applied on the server) and the dominant colours, or why not. */
export function renderVisual(result: UploadResult): HTMLElement {
  const visual = result.visual;
  if (!visual) return element('div');
  if ('skipped' in visual) return element('p', { className: 'visual-note', text: SKIP_REASONS[visual.skipped] ?? 'No thumbnail.' });
  if ('error' in visual) return element('p', { className: 'visual-note', text: 'No thumbnail: the image could not be decoded.' });
  const container = element('div', { className: 'visual-features' });
  if (result.thumbnailUrl) {
    container.append(
      element('img', {
        className: 'thumbnail',
        attributes: {
          src: result.thumbnailUrl,
          alt: `Thumbnail of ${result.filename}, as displayed`,
          width: String(visual.thumbnailWidth),
          height: String(visual.thumbnailHeight),
        },
      }),
    );
  }
  if (visual.fromEmbeddedPreview) container.append(element('p', { className: 'visual-note', text: 'From the preview the RAW file embeds.' }));
  const colors = element('ul', { className: 'swatches', attributes: { 'aria-label': 'Dominant colours' } });
  for (const color of visual.dominantColors) {
    if (!HEX.test(color.hex)) continue;
    const swatch = element('span', { className: 'swatch', attributes: { 'aria-hidden': 'true' } });
    swatch.style.backgroundColor = color.hex;
    colors.append(element('li', {}, swatch, element('span', { text: `${color.hex} · ${Math.round(color.share * 100)} %` })));
  }
  container.append(colors);
  return container;
}
