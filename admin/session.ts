/** The signed-in user, kept in localStorage between reloads. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  city: string | null;
  organizationId: string | null;
}
interface Session {
  token: string;
  user: SessionUser;
  /** The account needs a second factor and has none: the console shows the enrolment only. */
  mustEnrol?: boolean;
}

const KEY = 'kejin.session';
export const readSession = (): Session | null => {
  const raw = localStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
};
export const saveSession = (s: Session) => localStorage.setItem(KEY, JSON.stringify(s));
export const clearSession = () => localStorage.removeItem(KEY);
export const hasRole = (user: SessionUser | undefined | null, ...roles: string[]) =>
  !!user?.roles.some((r) => roles.includes(r));
