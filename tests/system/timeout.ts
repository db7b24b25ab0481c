// System tests pay serverless-offline's cold start of each function and real browser round trips.
// (testTimeout in a Jest project's config is ignored: it is a global option.)
jest.setTimeout(30_000);
