/**
 * Where the session's tokens live: sessionStorage, so a reload keeps the user signed in but
 * closing the tab ends the session, and nothing outlives the browser session on a shared
 * workstation.
 */
const KEY = 'careweave.session';

/** The bearer and refresh tokens of the signed-in user. */
export interface Tokens {
  accessToken: string;
  refreshToken?: string;
}

/** Reads the stored tokens, or null when signed out. */
export function readTokens(): Tokens | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

/** Stores the tokens (after login or refresh). */
export function writeTokens(tokens: Tokens): void {
  sessionStorage.setItem(KEY, JSON.stringify(tokens));
}

/** Forgets the tokens (logout, or a refresh that failed). */
export function clearTokens(): void {
  sessionStorage.removeItem(KEY);
}
