import type { AuthProvider } from 'react-admin';
import { readersLanguage } from './i18n';
import { clearSession, readSession, saveSession } from './session';

export const authProvider: AuthProvider = {
  /** Password, then (when the server asks: `errors.otp`) the second factor's code or a recovery code. */
  async login({ username, password, otp, recoveryCode }) {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...readersLanguage() },
      body: JSON.stringify({ username, password, otp, recoveryCode }),
    });
    const body = await res.json();
    if (!res.ok) throw Object.assign(new Error(body.message ?? 'login failed'), { codeAsked: !!body.errors?.otp });
    saveSession(body);
  },
  /** Ends the server-side session too, so the token is refused from now on. */
  async logout() {
    const token = readSession()?.token;
    clearSession();
    if (token)
      await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(
        () => {},
      );
  },
  async checkAuth() {
    if (!readSession()) throw new Error('not signed in');
  },
  async checkError(error) {
    if (error?.status === 401) {
      clearSession();
      throw error;
    }
  },
  async getIdentity() {
    const user = readSession()?.user;
    if (!user) throw new Error('not signed in');
    return { id: user.id, fullName: user.displayName };
  },
  async getPermissions() {
    return readSession()?.user ?? null;
  },
};
