/** Inflates zlib data, or null when it is damaged or inflates to more than `maxBytes`. */
export function inflateCapped(data: Uint8Array, maxBytes: number): Uint8Array | null {
  try {
    // Loaded on first use: zlib and the streams it pulls in cost a CLI run's start-up several ms.
    return process.getBuiltinModule('node:zlib').inflateSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
}

/** Decompresses Brotli data (a JPEG XL `brob` box), or null when it is damaged or larger than `maxBytes`. */
export function brotliCapped(data: Uint8Array, maxBytes: number): Uint8Array | null {
  try {
    return process.getBuiltinModule('node:zlib').brotliDecompressSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
}
