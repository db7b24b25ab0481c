/** A logger that keeps its lines (and the keys appended to them), for asserting what was logged. */
export function fakeLogger() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  let keys: Record<string, unknown> = {};
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, message, fields: { ...keys, ...fields } });
  return {
    lines,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    appendKeys: (added: Record<string, unknown>) => void (keys = { ...keys, ...added }),
  };
}

/** Measurements that keep what was recorded: `${metric} ${value} ${unit}` and dimensions. */
export function fakeMeasurements() {
  const recorded: { metric: string; value: number; unit: string; dimensions?: Record<string, string> }[] = [];
  return {
    recorded,
    record: (metric: string, value: number, unit: string, dimensions?: Record<string, string>) =>
      void recorded.push({ metric, value, unit, ...(dimensions && { dimensions }) }),
  };
}
