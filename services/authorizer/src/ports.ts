/** Verifies a bearer token: resolves to its subject, or rejects (any reason: the caller is simply not signed in). */
export interface TokenVerifier {
  verify(token: string): Promise<{ subject: string }>;
}
