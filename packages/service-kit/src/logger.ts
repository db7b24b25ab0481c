/**
 * What use cases and the kit need of a logger: structured lines (one JSON object each, from
 * Powertools' Logger: see observability.ts), and keys added to every following line (the upload id).
 * Never log file contents, GPS or full file names.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Adds keys to every line of this invocation (cleared when it ends). */
  appendKeys(keys: Record<string, unknown>): void;
}
