import type { UploadResult } from '../api';
import { element } from './dom';

const SERIAL_TAGS = ['BodySerialNumber', 'LensSerialNumber', 'CameraSerialNumber', 'SerialNumber'];
const REMOVED_LABELS: Record<string, string> = { location: 'location', serialNumbers: 'serial numbers', ownerName: 'owner name' };

/** What this photo's metadata tells about who took it and where, as badges. */
export function revealed(result: UploadResult): string[] {
  const m = result.metadata;
  if (!m) return [];
  const tags = Object.values(m.exif ?? {}).flatMap((group) => Object.keys(group));
  const badges: string[] = [];
  if (m.location) badges.push('Location');
  if (m.camera.serialNumber || tags.some((tag) => SERIAL_TAGS.includes(tag))) badges.push('Camera serial');
  if (tags.includes('CameraOwnerName')) badges.push('Owner name');
  return badges;
}

/** Badges for what the photo reveals, and for a private upload what was removed and what was kept. */
export function renderPrivacy(result: UploadResult): HTMLElement {
  const container = element('div', { className: 'privacy-badges', attributes: { 'aria-label': 'Privacy' } });
  for (const badge of revealed(result)) container.append(element('span', { className: 'badge badge-reveals', text: badge, attributes: { title: `This photo's metadata reveals: ${badge.toLowerCase()}` } }));
  if (result.private) {
    const removed = (result.redacted ?? []).map((item) => REMOVED_LABELS[item] ?? item);
    container.append(element('span', { className: 'badge badge-removed', text: removed.length ? `Removed: ${removed.join(', ')}` : 'Private: nothing to remove' }));
    if (result.originalKept) container.append(element('span', { className: 'badge badge-note', text: 'Original file kept as uploaded until deleted' }));
  }
  return container;
}
