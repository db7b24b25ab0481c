#!/usr/bin/env node
// A cold burst against a freshly started local stack: N concurrent POST /upload of real photos (the
// corpus's JPEGs under 4 MB, largest first), then polls until every accepted upload is final.
// Prints one JSON line: the answers by status, the outcomes, and when the last one ended. Used by
// tests/system/coldBurst.test.ts; run it by hand with `node scripts/coldBurst.mjs [uploads]`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root, startLocalStack } from './localStack.mjs';

const UPLOADS = Number(process.argv[2] ?? 100);
const DEADLINE_MS = 120_000;
const corpus = join(root, '..', 'shared', 'corpus');
const names = readdirSync(corpus)
  .filter((name) => /\.jpe?g$/i.test(name) && !name.startsWith('brk_') && statSync(join(corpus, name)).size < 4_000_000)
  .sort((a, b) => statSync(join(corpus, b)).size - statSync(join(corpus, a)).size)
  .slice(0, 30);
const photos = names.map((name) => ({ name, bytes: readFileSync(join(corpus, name)) }));

const [apiPort, lambdaPort, websocketPort, s3Port, dynamodbPort] = await Promise.all(Array.from({ length: 5 }, freePort));
const s3Directory = mkdtempSync(join(tmpdir(), 'cold-burst-s3-'));
const stack = await startLocalStack({ apiPort, lambdaPort, websocketPort, s3Port, dynamodbPort, s3Directory, esbuildFolder: '.esbuild-burst' });
const count = (values) => values.reduce((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});
try {
  const started = Date.now();
  const answers = await Promise.all(
    Array.from({ length: UPLOADS }, async (_, index) => {
      const photo = photos[index % photos.length];
      const form = new FormData();
      form.append('file', new Blob([photo.bytes]), photo.name);
      const response = await fetch(`${stack.apiUrl}/upload`, { method: 'POST', body: form });
      return { status: response.status, id: (await response.json()).id };
    }),
  );
  const pending = new Set(answers.filter((answer) => answer.status === 202).map((answer) => answer.id));
  const outcomes = [];
  let lastFinalMs = 0;
  const pollStatuses = [];
  while (pending.size > 0 && Date.now() - started < DEADLINE_MS) {
    const ids = [...pending];
    for (let start = 0; start < ids.length; start += 25) {
      const response = await fetch(`${stack.apiUrl}/results?ids=${ids.slice(start, start + 25).join(',')}`);
      pollStatuses.push(response.status);
      if (!response.ok) continue;
      for (const entry of (await response.json()).results) {
        if (entry.status === 'FAILED' || (entry.status === 'DONE' && entry.visual)) {
          pending.delete(entry.id);
          outcomes.push(entry.error ? `${entry.status} ${entry.error.code}` : entry.status);
          lastFinalMs = Date.now() - started;
        }
      }
    }
    if (pending.size) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(
    JSON.stringify({
      uploads: UPLOADS,
      distinctPhotos: photos.length,
      answers: count(answers.map((a) => a.status)),
      outcomes: count(outcomes),
      notFinal: pending.size,
      lastFinalMs,
      pollAnswers: count(pollStatuses),
    }),
  );
} finally {
  await stack.stop();
  rmSync(s3Directory, { recursive: true, force: true });
}
