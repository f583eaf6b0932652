import { request } from '../../lib/http';
import { deviceTokenFor, rememberDeviceToken } from '../../lib/device-tokens';
import { clearTokens, readTokens, writeTokens } from '../../lib/tokens';

import type { SessionUser } from '@careweave/contract';

export type { SessionUser };

interface LoginResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  token_type?: string;
  device_token?: string;
  user: SessionUser;
}

const USER_KEY = 'careweave.user';

/** The user stored with the session (survives a reload, not the tab). */
export function storedUser(): SessionUser | null {
  if (!readTokens()) {
    return null;
  }
  try {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  } catch {
    return null;
  }
}

/** Signs in with email and password; stores the tokens and returns the user. */
export async function login(email: string, password: string): Promise<SessionUser> {
  const deviceToken = deviceTokenFor(email);
  const { data } = await request<LoginResponse>('/auth/login', {
    method: 'POST',
    json: { email, password, ...(deviceToken ? { device_token: deviceToken } : {}) },
    anonymous: true,
  });
  if (data.device_token) rememberDeviceToken(email, data.device_token);
  writeTokens({
    accessToken: data.access_token,
    ...(data.refresh_token ? { refreshToken: data.refresh_token } : {}),
  });
  sessionStorage.setItem(USER_KEY, JSON.stringify(data.user));
  return data.user;
}

/**
 * Changes the signed-in person's password (`POST /auth/password`); the session goes on and the
 * returned user no longer needs a change. The server's refusal (wrong current password, a common
 * or short new one) comes back as an HttpError with its words.
 */
export async function changePassword(current: string, next: string): Promise<SessionUser> {
  const { data } = await request<{ user: SessionUser }>('/auth/password', {
    method: 'POST',
    json: { current_password: current, new_password: next },
  });
  sessionStorage.setItem(USER_KEY, JSON.stringify(data.user));
  return data.user;
}

/** Re-reads the user from the server (`GET /auth/me`). */
export async function fetchMe(): Promise<SessionUser> {
  const { data } = await request<SessionUser | { user: SessionUser }>('/auth/me');
  const user = 'user' in data ? data.user : data;
  sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  return user;
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  const tokens = readTokens();
  try {
    if (tokens) {
      await request<unknown>('/auth/logout', {
        method: 'POST',
        json: tokens.refreshToken ? { refresh_token: tokens.refreshToken } : {},
      });
    }
  } catch {
    // The local session ends regardless; an expired token cannot log out and need not.
  } finally {
    forgetSession();
  }
}

/** Clears the tokens and the stored user. */
export function forgetSession(): void {
  clearTokens();
  sessionStorage.removeItem(USER_KEY);
}
