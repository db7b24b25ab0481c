import { spawnSync } from 'node:child_process';

/** Under CI the oracle must be checked; elsewhere a suite that needs ExifTool is skipped, loudly, without it. */
export const describeWithExiftool: jest.Describe =
  spawnSync('exiftool', ['-ver']).status === 0 || process.env.CI
    ? describe
    : (((name: string, fn: () => void) => {
        console.warn(`Skipping "${name}": exiftool is missing (apt-get install libimage-exiftool-perl). CI=true never skips.`);
        describe.skip(name, fn);
      }) as jest.Describe);
