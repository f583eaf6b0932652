/**
 * Known-device tokens, one per account that signed in on this browser (localStorage, so they
 * outlive the tab). The server hands one out after a successful login; sent back with the next
 * login, it lets the right password through while someone else has run the account's or the
 * address's failed-login lock up. It is worth nothing without the password.
 */
const KEY = 'careweave.devices';

function readAll(): Record<string, string> {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The device token this browser holds for an email, if any. */
export function deviceTokenFor(email: string): string | undefined {
  return readAll()[email.trim().toLowerCase()];
}

/** Remembers the device token the server gave for an email. */
export function rememberDeviceToken(email: string, token: string): void {
  try {
    localStorage.setItem(
      KEY,
      JSON.stringify({ ...readAll(), [email.trim().toLowerCase()]: token }),
    );
  } catch {
    // storage full or disabled: the next login is simply from an unknown device
  }
}
