import { CORPUS_DIR, loadCorpus } from './corpus/corpus';
import { describeWithExiftool } from './corpus/describeWithExiftool';
import { readWithExiftool } from './corpus/exiftoolOracle';

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
