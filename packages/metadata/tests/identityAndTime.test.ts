import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource, extractMetadata, isMetadataError, type ImageMetadata } from '../src';
import { CORPUS_DIR, loadCorpus } from './corpus/corpus';
import { describeWithExiftool } from './corpus/describeWithExiftool';
import { readIdentityWithExiftool, type IdentityReading } from './corpus/exiftoolOracle';

/**
 * The lens, the serial number and the capture time come from more places than the corpus's
 * fields (EXIF only) read: maker notes, XMP, the lens specification, sub-seconds, fallback dates,
 * the GPS clock. Each is compared with ExifTool's reading of the same places, both ways: a value
 * ExifTool does not find there is one we must not invent.
 */
describeWithExiftool('lens, serial number and capture time, against ExifTool', () => {
  const names = Object.keys(loadCorpus()).sort();
  let readings: Map<string, IdentityReading>;
  beforeAll(() => {
    readings = readIdentityWithExiftool(names.map((name) => join(CORPUS_DIR, name)));
  }, 60_000);

  it('agrees on every corpus file', async () => {
    const differences: string[] = [];
    let values = 0;
    for (const name of names) {
      let metadata: ImageMetadata;
      try {
        metadata = await extractMetadata(bytesSource(readFileSync(join(CORPUS_DIR, name))));
      } catch (error) {
        if (isMetadataError(error)) continue;
        throw error;
      }
      const expected = expectedOf(readings.get(join(CORPUS_DIR, name))!);
      const ours = {
        lensModel: metadata.camera.lensModel,
        serialNumber: metadata.camera.serialNumber ?? null,
        dateTimeOriginal: metadata.capture.dateTimeOriginal,
        offsetTimeOriginal: metadata.capture.offsetTimeOriginal ?? null,
      };
      for (const field of Object.keys(ours) as (keyof typeof ours)[]) {
        if (expected[field] !== null) values++;
        if (expected[field] !== ours[field])
          differences.push(`${name} ${field}: ExifTool ${JSON.stringify(expected[field])}, ours ${JSON.stringify(ours[field])}`);
      }
    }
    expect(differences).toEqual([]);
    expect(values).toBeGreaterThan(100);
  });
});

/** ExifTool's values in the core's order of places; the GPS-derived offset computed here, apart from the core's code. */
function expectedOf(reading: IdentityReading) {
  const dateTimeOriginal = reading.dateTimeOriginal ?? reading.gpsDateTime;
  let offsetTimeOriginal = reading.offsetTimeOriginal;
  if (!reading.dateTimeOriginal && reading.gpsDateTime) offsetTimeOriginal = '+00:00';
  else if (!offsetTimeOriginal && reading.dateTimeOriginal && reading.gpsDateTime) {
    const minutes = (Date.parse(`${reading.dateTimeOriginal.slice(0, 19)}Z`) - Date.parse(`${reading.gpsDateTime}Z`)) / 60_000;
    const quarters = Math.round(minutes / 15) * 15;
    if (Math.abs(quarters) <= 14 * 60) {
      const hours = String(Math.floor(Math.abs(quarters) / 60)).padStart(2, '0');
      offsetTimeOriginal = `${quarters < 0 ? '-' : '+'}${hours}:${String(Math.abs(quarters) % 60).padStart(2, '0')}`;
    }
  }
  return { lensModel: reading.lensModel, serialNumber: reading.serialNumber, dateTimeOriginal, offsetTimeOriginal };
}
