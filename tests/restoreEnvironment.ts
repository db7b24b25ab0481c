// Every test starts from the same process.env: what one test sets (or deletes) is undone after it.
// (Spies are restored by Jest itself: restoreMocks in jest.config.ts.)
const original = { ...process.env };

afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in original)) delete process.env[name];
  Object.assign(process.env, original);
});
