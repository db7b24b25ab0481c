/** Inflates zlib data with the platform's DecompressionStream, stopping at `maxBytes` of output. */
export async function inflateCapped(data: Uint8Array, maxBytes: number): Promise<Uint8Array | null> {
  try {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
    const reader = stream.getReader();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      total += value.length;
      if (total >= maxBytes) {
        await reader.cancel();
        break;
      }
    }
    const out = new Uint8Array(Math.min(total, maxBytes));
    let at = 0;
    for (const part of parts) {
      const take = Math.min(part.length, out.length - at);
      out.set(part.subarray(0, take), at);
      at += take;
    }
    return out;
  } catch {
    return null;
  }
}
