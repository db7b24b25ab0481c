import { OWNER_NAME_TAGS, SERIAL_NUMBER_TAGS } from '@image-pipeline/metadata/redact';
import type { UploadResult } from '../api';
import { element } from './dom';

const REMOVED_LABELS: Record<string, string> = { location: 'location', serialNumbers: 'serial numbers', ownerName: 'owner name' };

/** What this photo's metadata tells about who took it and where, as badges (tag lists: the core's, which removes them). */
function revealed(result: UploadResult): string[] {
  const m = result.metadata;
  if (!m) return [];
  const tags = Object.values(m.exif ?? {}).flatMap((group) => Object.keys(group));
  const badges: string[] = [];
  if (m.location) badges.push('Location');
  if (m.camera.serialNumber || tags.some((tag) => SERIAL_NUMBER_TAGS.includes(tag))) badges.push('Camera serial');
  if (tags.some((tag) => OWNER_NAME_TAGS.includes(tag))) badges.push('Owner name');
  return badges;
}

/** What privacy removed from this upload, in words, from the one `redacted` list. */
function removedLabels(result: UploadResult): string[] {
  return (result.redacted ?? []).map((item) => REMOVED_LABELS[item] ?? item);
}

/** Badges for what the photo reveals, and what privacy removed (a private upload says so even when nothing was there). */
export function renderPrivacy(result: UploadResult): HTMLElement {
  const container = element('div', { className: 'privacy-badges', attributes: { role: 'group', 'aria-label': 'Privacy' } });
  for (const badge of revealed(result))
    container.append(
      element('span', { className: 'badge badge-reveals', text: badge, attributes: { title: `This photo's metadata reveals: ${badge.toLowerCase()}` } }),
    );
  const removed = removedLabels(result);
  if (removed.length) container.append(element('span', { className: 'badge badge-removed', text: `Removed: ${removed.join(', ')}` }));
  else if (result.private) container.append(element('span', { className: 'badge badge-removed', text: 'Private: nothing to remove' }));
  if (result.private && result.originalKept)
    container.append(element('span', { className: 'badge badge-note', text: 'Original file kept as uploaded until deleted' }));
  return container;
}
