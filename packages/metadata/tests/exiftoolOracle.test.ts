import { spawnSync } from 'node:child_process';
import { CORPUS_DIR, loadCorpus } from './corpus/corpus';
import { readWithExiftool } from './corpus/exiftoolOracle';

/** Under CI the oracle must be checked; elsewhere the suite is skipped, loudly, without ExifTool. */
const hasExiftool = spawnSync('exiftool', ['-ver']).status === 0;
const describeWithExiftool: jest.Describe =
  hasExiftool || process.env.CI
    ? describe
    : (((name: string, fn: () => void) => {
        console.warn(`Skipping "${name}": exiftool is missing (apt-get install libimage-exiftool-perl). CI=true never skips.`);
        describe.skip(name, fn);
      }) as jest.Describe);

describeWithExiftool('the ExifTool oracle behind pnpm compare:exiftool', () => {
  it("reproduces every field of the corpus's expected.json from the corpus files themselves", () => {
    const corpus = loadCorpus();
    const names = Object.keys(corpus).sort();
    const oracle = readWithExiftool(names.map((name) => `${CORPUS_DIR}/${name}`));
    const differences = names.flatMap((name) => {
      const expected = corpus[name]! as unknown as Record<string, unknown>;
      const read = oracle.get(`${CORPUS_DIR}/${name}`)! as unknown as Record<string, unknown>;
      return Object.keys(read)
        .filter((field) => JSON.stringify(read[field]) !== JSON.stringify(expected[field] ?? null))
        .map((field) => ({ name, field, expected: expected[field], oracle: read[field] }));
    });
    expect(differences).toEqual([]);
  }, 120_000);
});
