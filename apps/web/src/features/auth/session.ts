import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Permission } from '@xianfeng/shared';
import { api, onAuthError, post, setCsrfToken } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';

export const SESSION_KEY = ['session'] as const;

/** Why the user was sent to the login page (idle timeout, logged out elsewhere), shown there once. */
let logoutReason: string | null = null;
export const takeLogoutReason = () => {
  const r = logoutReason;
  logoutReason = null;
  return r;
};

/** Signed in or not: /auth/state answers 200 either way (a 401 would be logged by the browser). */
async function fetchSession(): Promise<Session | null> {
  const { session } = await api<{ session: Session | null }>('GET', '/auth/state', { silentAuth: true });
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: 1 });
}

/** The logged-in session; only for components rendered behind the auth gate. */
export function useCurrentSession(): Session {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentSession used outside the auth gate');
  return data;
}

export function hasPermission(session: Session | null | undefined, permission: Permission): boolean {
  return !!session?.permissions.includes(permission);
}

export function useCan() {
  const session = useCurrentSession();
  return (permission: Permission) => hasPermission(session, permission);
}

function acceptSession(qc: QueryClient, s: Session) {
  setCsrfToken(s.csrfToken);
  qc.setQueryData(SESSION_KEY, s);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api<Session>('POST', '/auth/login', { body: input, silentAuth: true }),
    onSuccess: (s) => {
      // Whatever the previous user had cached must not leak into this session.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      acceptSession(qc, s);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    // Reads already on their way finish under the session that sent them: a request answered after
    // the session ended would come back 401 and show as an error on the way out.
    mutationFn: async () => {
      const until = Date.now() + 2000;
      while (qc.isFetching() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      return post<{ ok: boolean }>('/auth/logout').catch(() => ({ ok: true }));
    },
    onSettled: () => {
      setCsrfToken(null);
      qc.setQueryData(SESSION_KEY, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { oldPassword: string; newPassword: string }) => api<Session>('POST', '/auth/password', { body: input, silentAuth: true }),
    onSuccess: (s) => acceptSession(qc, s),
  });
}

/** Reacts to 401 (session gone or idle timeout) and PASSWORD_CHANGE_REQUIRED from any call. */
export function useAuthErrorBridge() {
  const qc = useQueryClient();
  useEffect(
    () =>
      onAuthError((error) => {
        if (error.status === 401) {
          if (qc.getQueryData(SESSION_KEY)) logoutReason = error.message;
          setCsrfToken(null);
          qc.setQueryData(SESSION_KEY, null);
        } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
          void qc.invalidateQueries({ queryKey: SESSION_KEY });
        }
      }),
    [qc],
  );
}
