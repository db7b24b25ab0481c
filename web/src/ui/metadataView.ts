import type { UploadResult } from '../api';
import {
  formatAltitude,
  formatBytes,
  formatCaptureTime,
  formatCoordinates,
  formatDimensions,
  formatDuration,
  formatExposure,
  formatFNumber,
  formatFocalLength,
  formatFrameRate,
  formatIso,
  formatLens,
  formatOrientation,
  openStreetMapUrl,
} from '../format';
import { element } from './dom';

type Row = [label: string, value: string | Node | null | undefined];

/** The metadata grouped as a photographer reads it, plus every EXIF tag in a collapsible table. */
export function renderMetadata(result: UploadResult): HTMLElement {
  const m = result.metadata!;
  const container = element('div', { className: 'metadata' });
  const section = (title: string, rows: Row[]) => {
    const present = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
    if (!present.length) return;
    const list = element('dl');
    for (const [label, value] of present) {
      const dd = element('dd');
      dd.append(value as string | Node);
      list.append(element('dt', { text: label }), dd);
    }
    container.append(element('section', { attributes: { 'aria-label': title } }, element('h3', { text: title }), list));
  };

  // What the photographer wrote: only when there is any.
  const d = m.descriptive;
  if (d && (d.title || d.description || d.keywords?.length || d.rating !== null || d.creator?.length)) {
    section('Description', [
      ['Title', d.title],
      ['Caption', d.description],
      ['Keywords', d.keywords?.length ? chips(d.keywords) : null],
      ['Rating', d.rating !== null ? stars(d.rating) : null],
      ['Creator', d.creator?.join(', ') ?? null],
    ]);
  }
  section('File', [
    ['Name', result.filename],
    ['Type', `${m.file.format.toUpperCase()} (${m.file.mimeType})`],
    ['Size', formatBytes(m.file.size)],
  ]);
  const turned = m.image.displayWidth !== m.image.width;
  section('Image', [
    ['Dimensions', formatDimensions(m.image.width, m.image.height)],
    ['Displayed as', turned ? formatDimensions(m.image.displayWidth, m.image.displayHeight) : null],
    ['Orientation', formatOrientation(m.image.orientation)],
    ['Colour', [m.image.colorSpace, m.image.iccProfileDescription].filter(Boolean).join(' · ') || null],
    ['Bit depth', m.image.bitDepth ? `${m.image.bitDepth} bits` : null],
    ['Animation', m.image.animated ? (m.image.frameCount ? `${m.image.frameCount} frames` : 'Animated') : null],
  ]);
  // Stored results from before videos were read have no `video`.
  if (m.video) {
    section('Video', [
      ['Duration', formatDuration(m.video.durationSeconds)],
      ['Codec', m.video.codec],
      ['Frame rate', formatFrameRate(m.video.frameRate)],
      ['Rotation', m.image.rotation ? `${m.image.rotation}°` : null],
    ]);
  }
  section('Camera', [
    ['Make', m.camera.make],
    ['Model', m.camera.model],
    ['Lens', formatLens(m.camera.lensModel, m.camera.lensSource)],
    ['Serial number', m.camera.serialNumber ?? null],
    ['Software', m.camera.software],
  ]);
  section('Exposure', [
    ['Shutter', formatExposure(m.capture.exposureTime)],
    ['Aperture', formatFNumber(m.capture.fNumber)],
    ['Sensitivity', formatIso(m.capture.iso)],
    ['Focal length', formatFocalLength(m.capture.focalLength, m.capture.focalLengthIn35mmFilm)],
    ['Taken at', formatCaptureTime(m.capture.dateTimeOriginal, m.capture.offsetTimeOriginal, m.capture)],
    ['Flash', m.capture.flash ? (m.capture.flash.fired ? 'Fired' : 'Did not fire') : null],
  ]);
  if (m.location) {
    const link = element('a', {
      text: 'Open in OpenStreetMap',
      attributes: { href: openStreetMapUrl(m.location.latitude, m.location.longitude), target: '_blank', rel: 'noopener noreferrer' },
    });
    section('Location', [
      ['Coordinates', formatCoordinates(m.location.latitude, m.location.longitude)],
      ['Altitude', formatAltitude(m.location.altitude)],
      ['Map', link],
    ]);
  } else if (result.redacted?.includes('location')) {
    section('Location', [['Coordinates', result.private ? 'Removed (private upload)' : 'Removed by this server (privacy setting)']]);
  }
  section('Rights', [
    ['Artist', m.rights.artist],
    ['Copyright', m.rights.copyright],
  ]);
  container.append(exifTable(m.exif));
  return container;
}

/** Keywords as chips. */
function chips(keywords: string[]): HTMLElement {
  const list = element('ul', { className: 'chips', attributes: { 'aria-label': 'Keywords' } });
  for (const keyword of keywords) list.append(element('li', { className: 'chip', text: keyword }));
  return list;
}

/** An MWG rating as stars: 1–5, 0 not rated, -1 rejected. */
function stars(rating: number): HTMLElement {
  if (rating < 0) return element('span', { text: 'Rejected' });
  if (rating === 0) return element('span', { text: 'Not rated' });
  const whole = Math.max(0, Math.min(5, Math.round(rating)));
  return element('span', {
    className: 'stars',
    text: `${'★'.repeat(whole)}${'☆'.repeat(5 - whole)}`,
    attributes: { role: 'img', 'aria-label': `${whole} of 5 stars` },
  });
}

/** A tag name with a line-break opportunity between its words ("YCbCr·Positioning"), never inside one. */
function camelCaseWords(tag: string): Node[] {
  return tag.split(/(?<=[a-z0-9])(?=[A-Z])/).flatMap((word, i) => (i ? [element('wbr'), document.createTextNode(word)] : [document.createTextNode(word)]));
}

function exifTable(groups: Record<string, Record<string, unknown>>): HTMLElement {
  const names = Object.keys(groups);
  const count = names.reduce((sum, name) => sum + Object.keys(groups[name]!).length, 0);
  const details = element('details', { className: 'exif' }, element('summary', { text: count ? `All EXIF tags (${count})` : 'No EXIF tags' }));
  if (!count) return details;
  const table = element('table');
  table.append(
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', { text: 'Group', attributes: { scope: 'col' } }),
        element('th', { text: 'Tag', attributes: { scope: 'col' } }),
        element('th', { text: 'Value', attributes: { scope: 'col' } }),
      ),
    ),
  );
  const body = element('tbody');
  for (const group of names) {
    for (const [tag, value] of Object.entries(groups[group]!)) {
      body.append(
        element(
          'tr',
          {},
          element('td', { text: group }),
          element('th', { attributes: { scope: 'row' } }, ...camelCaseWords(tag)),
          element('td', { text: typeof value === 'string' ? value : JSON.stringify(value) }),
        ),
      );
    }
  }
  table.append(body);
  details.append(table);
  return details;
}

/**
 * What the server could still read of a file it refused (`error.metadata`): its type, and the size it
 * claims, e.g. "TIFF (damaged)" or "JPEG (20000 × 20000, too many pixels)". Null when it read nothing.
 */
export function refusedSummary(result: UploadResult): string | null {
  const read = result.error?.metadata;
  if (!read) return null;
  const type = read.file.format.toUpperCase();
  if (result.error?.code === 'TOO_MANY_PIXELS' && read.image.width && read.image.height)
    return `${type} (${formatDimensions(read.image.width, read.image.height)}, too many pixels)`;
  return `${type} (damaged)`;
}
