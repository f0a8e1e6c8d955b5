import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';

const DIST = join(import.meta.dirname, '..', 'admin', 'dist');

/** Serves the built console at `/`; other non-API paths fall back to index.html (client-side routes). */
export function serveConsole(app: OpenAPIHono<any>) {
  if (!existsSync(join(DIST, 'index.html'))) return;
  const root = relative(process.cwd(), DIST);
  const assets = serveStatic({ root });
  const index = serveStatic({ root, path: 'index.html' });
  const isApi = (path: string) => path.startsWith('/api/') || path === '/openapi.json' || path === '/docs';
  app.get('*', (c, next) => (isApi(c.req.path) ? next() : assets(c, next)));
  app.get('*', (c, next) => (isApi(c.req.path) ? next() : index(c, next)));
}
