import {
  formatAltitude,
  formatBytes,
  formatCaptureTime,
  formatLens,
  formatCoordinates,
  formatExposure,
  formatFNumber,
  formatFocalLength,
  formatIso,
  formatOrientation,
  openStreetMapUrl,
} from '../../src/format';

describe('formatting for photographers', () => {
  it.each([
    [0.004, '1/250 s'],
    [1 / 3, '0.3 s'],
    [0.01666666667, '1/60 s'],
    [2, '2 s'],
    [30, '30 s'],
    [0, null],
    [null, null],
  ])('writes an exposure of %p s as %p', (seconds, text) => {
    expect(formatExposure(seconds)).toBe(text);
  });

  it('writes aperture, sensitivity and focal length', () => {
    expect(formatFNumber(2.8)).toBe('f/2.8');
    expect(formatFNumber(8)).toBe('f/8');
    expect(formatIso(100)).toBe('ISO 100');
    expect(formatFocalLength(35)).toBe('35 mm');
    expect(formatFocalLength(3.99, 28)).toBe('3.99 mm (28 mm equiv.)');
    expect(formatFocalLength(50, 50)).toBe('50 mm');
  });

  it.each([
    [43.46708, 11.88454, '43.467° N, 11.885° E'],
    [-33.8688, -70.65, '33.869° S, 70.650° W'],
    [0, 0, '0.000° N, 0.000° E'],
  ])('writes %p, %p as "%s"', (lat, lon, text) => {
    expect(formatCoordinates(lat, lon)).toBe(text);
  });

  it('writes altitude above and below sea level', () => {
    expect(formatAltitude(881.909)).toBe('881.9 m');
    expect(formatAltitude(-12.5)).toBe('12.5 m below sea level');
    expect(formatAltitude(null)).toBeNull();
  });

  it('links a place on OpenStreetMap', () => {
    expect(openStreetMapUrl(43.46708, 11.88454)).toBe('https://www.openstreetmap.org/?mlat=43.467080&mlon=11.884540#map=15/43.46708/11.88454');
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [158 * 1024, '158 KB'],
    [3 * 1024 ** 3, '3 GB'],
  ])('writes %i bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('keeps the camera clock and names its offset', () => {
    expect(formatCaptureTime('2019-10-20T18:34:30', '+02:00')).toBe('2019-10-20 18:34:30 (UTC+02:00)');
    expect(formatCaptureTime('2019-10-20T18:34:30')).toBe('2019-10-20 18:34:30');
    expect(formatCaptureTime(null)).toBeNull();
    // Sub-seconds, and where the offset or the time came from when not the camera's EXIF.
    expect(formatCaptureTime('2019-10-20T12:30:05.42', '+02:00', { offsetSource: 'gps', dateTimeSource: 'DateTimeOriginal' })).toBe(
      '2019-10-20 12:30:05.42 (UTC+02:00, from GPS)',
    );
    expect(formatCaptureTime('2021-06-30T23:59:58', '+00:00', { offsetSource: 'gps', dateTimeSource: 'GPSDateTime' })).toBe(
      '2021-06-30 23:59:58 (UTC+00:00, from GPS) — GPS clock',
    );
    expect(formatCaptureTime('2020-01-02T03:04:05', null, { dateTimeSource: 'CreateDate' })).toBe('2020-01-02 03:04:05 — digitized');
    expect(formatLens('EF-S18-55mm f/3.5-5.6 IS', 'makernote')).toBe('EF-S18-55mm f/3.5-5.6 IS (from maker notes)');
    expect(formatLens('24mm f/2.8', 'specification')).toBe('24mm f/2.8 (from its specification)');
    expect(formatLens('RF24-70mm F2.8 L IS USM', 'exif')).toBe('RF24-70mm F2.8 L IS USM');
  });

  it('names orientations, and unknown ones as such', () => {
    expect(formatOrientation(6)).toBe('Rotated 90° clockwise');
    expect(formatOrientation(0)).toBe('Unknown (0)');
  });
});
