#!/usr/bin/env node
// The CLI runs from TypeScript source through tsx (no build step in this workspace).
require('tsx/cjs/api').register();
require('../src/cli.ts');
