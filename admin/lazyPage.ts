import { type ComponentType, lazy } from 'react';

/**
 * A screen loaded on first visit, in its own chunk: the login form and the layout do not wait for
 * every screen's code (react-admin's layout shows a spinner in the meantime).
 */
export const lazyPage = <M, K extends keyof M>(load: () => Promise<M>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] as ComponentType })));
