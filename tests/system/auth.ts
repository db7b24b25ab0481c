/** Helpers for the system tests against the stack that requires a token (AUTH_MODE=jwt). */
import { readFileSync } from 'node:fs';
import { issuerFromKeyFile, type TestIssuer } from '../tokens';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the system tests through Jest's "system" project (pnpm test), which starts the stacks.`);
  return value;
}

export const jwtApiUrl = () => required('PIPELINE_JWT_API_URL');
export const jwtWebUrl = () => required('PIPELINE_JWT_WEB_URL');
export const issuerUrl = () => required('PIPELINE_JWT_ISSUER_URL');

/** The local issuer, with its key: for the tokens it would never issue. */
export const localIssuer = (): TestIssuer => issuerFromKeyFile(issuerUrl(), required('PIPELINE_JWT_ISSUER_KEY_FILE'), 'test-issuer-key');

/** A token from the local development issuer, as a person gets one (POST /token). */
export async function tokenFor(sub: string): Promise<string> {
  const response = await fetch(`${issuerUrl()}/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sub }) });
  if (!response.ok) throw new Error(`The local issuer answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** The completion events a stack has published so far (its LOCAL_EVENTS_FILE), parsed. */
export function publishedEvents(file = required('PIPELINE_JWT_EVENTS_FILE')): { source: string; 'detail-type': string; detail: Record<string, unknown> }[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { source: string; 'detail-type': string; detail: Record<string, unknown> });
}
