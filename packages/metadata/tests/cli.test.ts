import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exifBlock, TYPE } from './fixtures/exifBlock';
import { jpeg } from './fixtures/images';

const BIN = join(__dirname, '..', 'bin', 'extract.cjs');
const dir = mkdtempSync(join(tmpdir(), 'cli-'));
const photo = join(dir, 'photo.jpg');
const text = join(dir, 'notes.jpg');
writeFileSync(photo, jpeg({ width: 320, height: 240, exif: [exifBlock({ ifd0: [{ tag: 0x010f, type: TYPE.ASCII, value: 'Nikon' }] })] }));
writeFileSync(text, 'just some text');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return {
    status: result.status,
    lines: result.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line)),
    stderr: result.stderr,
  };
}

describe('the extract CLI', () => {
  it('prints one JSON line per file with what it read, and exits 0', () => {
    const { status, lines } = run(photo);
    expect(status).toBe(0);
    expect(lines).toEqual([
      { file: photo, metadata: expect.objectContaining({ camera: expect.objectContaining({ make: 'Nikon' }) }), bytesRead: expect.any(Number), reads: 1 },
    ]);
  });

  it('exits 1 when any file fails, still reporting every file', () => {
    const { status, lines } = run(photo, text, join(dir, 'missing.jpg'));
    expect(status).toBe(1);
    expect(lines.map((line) => line.error?.code ?? 'ok')).toEqual(['ok', 'UNSUPPORTED_TYPE', 'FILE_NOT_READABLE']);
  });

  it('prints what a refused file still told beside its error', () => {
    const damaged = join(dir, 'damaged.png');
    writeFileSync(
      damaged,
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...new TextEncoder().encode('JUNK'), ...new Uint8Array(17)]),
    );
    const [line] = run(damaged).lines;
    expect(line).toMatchObject({
      error: { code: 'CORRUPT_IMAGE' },
      metadata: { file: { format: 'png', mimeType: 'image/png' }, image: { width: null, height: null } },
    });
  });

  it('exits 2 on bad usage', () => {
    expect(run().status).toBe(2);
    expect(run('--no-such-option', photo).status).toBe(2);
    expect(run('--fields', 'camera,nonsense', photo).status).toBe(2);
  });

  it('prints one JSON array with --json', () => {
    const result = spawnSync(process.execPath, [BIN, '--json', photo, text], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    const parsed = JSON.parse(result.stdout) as { file: string }[];
    expect(parsed.map((entry) => entry.file)).toEqual([photo, text]);
  });

  it('prints only the groups asked for with --fields', () => {
    const [line] = run('--fields', 'file,camera,descriptive', photo).lines;
    expect(Object.keys(line.metadata)).toEqual(['file', 'camera', 'descriptive']);
    expect(line.metadata.camera.make).toBe('Nikon');
  });

  it('says how far it got on stderr when given over 100 files and stdout is not a terminal', () => {
    const { lines, stderr } = run(...Array.from({ length: 150 }, () => photo));
    expect(lines).toHaveLength(150);
    expect(stderr.trim().split('\n')).toEqual(['image-metadata: 100/150 files', 'image-metadata: 150/150 files']);
  });

  it('runs as one bundled JavaScript file, with no TypeScript loader at start-up', () => {
    const result = spawnSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(BIN)}); setTimeout(() => console.log(JSON.stringify(Object.keys(require.cache))), 100)`, '--', photo],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    const loaded = JSON.parse(result.stdout.trim().split('\n').pop()!) as string[];
    expect(loaded.filter((path) => /tsx|\.ts$/.test(path))).toEqual([]);
  });

  it('keeps V8 code cache for the next run, and ignores a damaged or stale one', () => {
    const cache = join(__dirname, '..', 'dist', 'cli.cache');
    const bundle = join(__dirname, '..', 'dist', 'cli.cjs');
    rmSync(cache, { force: true });
    const first = run(photo);
    expect(statSync(cache).mtimeMs).toBeGreaterThanOrEqual(statSync(bundle).mtimeMs);
    expect(run(photo).lines).toEqual(first.lines);
    writeFileSync(cache, 'not a code cache');
    expect(run(photo).lines).toEqual(first.lines);
    // Rejected, so written again as a real cache.
    expect(readFileSync(cache).toString('latin1')).not.toBe('not a code cache');
    // A cache older than the bundle (built again since) is not even read.
    utimesSync(cache, new Date(0), new Date(0));
    expect(run(photo).lines).toEqual(first.lines);
    expect(statSync(cache).mtimeMs).toBeGreaterThanOrEqual(statSync(bundle).mtimeMs);
  });
});
