/**
 * A freshly started local stack takes a cold burst of 100 concurrent uploads of real photos: no 5xx,
 * and every upload final (DONE) within a minute. It once did not: the local profile kept the
 * deployed 1 s connection timeout while the emulators shared a busy event loop (a dozen 503s per
 * burst). The burst runs on a stack of its own (scripts/coldBurst.mjs), started for it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('a cold burst on a freshly started local stack', () => {
  it('answers 100 concurrent uploads without a 5xx, and all 100 end DONE within a minute', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'coldBurst.mjs'), '100'], { encoding: 'utf8', timeout: 240_000 });
    const summary = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
      answers: Record<string, number>;
      outcomes: Record<string, number>;
      lastFinalMs: number;
      pollAnswers: Record<string, number>;
    };
    expect({ answers: summary.answers, outcomes: summary.outcomes }).toEqual({ answers: { 202: 100 }, outcomes: { DONE: 100 } });
    expect(Object.keys(summary.pollAnswers)).toEqual(['200']);
    expect(summary.lastFinalMs).toBeLessThan(60_000);
  }, 300_000);
});
