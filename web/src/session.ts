/**
 * The signed-in caller's bearer token (AUTH_MODE=jwt), kept in sessionStorage: this tab only, gone
 * when it closes. Browsers that refuse storage keep it in memory.
 */
const KEY = 'bearerToken';
let inMemory: string | null = null;

export function bearerToken(): string | null {
  try {
    return sessionStorage.getItem(KEY) ?? inMemory;
  } catch {
    return inMemory;
  }
}

export function signIn(token: string): void {
  inMemory = token;
  try {
    sessionStorage.setItem(KEY, token);
  } catch {}
}

export function signOut(): void {
  inMemory = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {}
}
