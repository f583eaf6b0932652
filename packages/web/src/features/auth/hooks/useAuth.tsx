import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { navigate } from '../../../app/router';
import { onSessionExpired } from '../../../lib/http';
import {
  changePassword as postPassword,
  forgetSession,
  login,
  logout,
  storedUser,
  type SessionUser,
} from '../api';

interface AuthState {
  user: SessionUser | null;
  /** Why the user was signed out without asking (shown on the login page). */
  notice: string | null;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Replaces the password (a temporary one, at the first sign-in); keeps the session. */
  changePassword: (current: string, next: string) => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Holds the session for the app; a failed token refresh signs the user out with a notice. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(() => storedUser());
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();

  useEffect(
    () =>
      onSessionExpired(() => {
        forgetSession();
        queryClient.clear();
        setUser(null);
        setNotice('Your session has ended. Please sign in again.');
      }),
    [queryClient],
  );

  const signIn = useCallback(async (email: string, password: string) => {
    const u = await login(email, password);
    setNotice(null);
    setUser(u);
  }, []);

  const signOut = useCallback(async () => {
    await logout();
    queryClient.clear();
    setUser(null);
    setNotice('You have signed out.');
    // The next person to sign in starts at their own home, not on the page this one left open.
    navigate('/', { replace: true });
  }, [queryClient]);

  const changePassword = useCallback(async (current: string, next: string) => {
    setUser(await postPassword(current, next));
  }, []);

  const value = useMemo(
    () => ({ user, notice, signIn, signOut, changePassword }),
    [user, notice, signIn, signOut, changePassword],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session: the signed-in user (or null), sign-in and sign-out. */
export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) {
    throw new Error('useAuth must be used inside <AuthProvider>');
  }
  return value;
}
