import { inflateSync } from 'node:zlib';

/** Inflates zlib data, or null when it is damaged or inflates to more than `maxBytes`. */
export function inflateCapped(data: Uint8Array, maxBytes: number): Uint8Array | null {
  try {
    return inflateSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
}
