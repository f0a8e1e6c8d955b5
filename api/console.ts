import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';

const DIST = join(import.meta.dirname, '..', 'admin', 'dist');
/** Hashed file names change with their content, so a browser keeps them for a year without asking. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built console at `/`, brotli or gzip as the browser accepts (precompressed at build);
 * hashed assets are cached for good, index.html is revalidated on every load. Other non-API paths
 * fall back to index.html (client-side routes).
 */
export function serveConsole(app: OpenAPIHono<any>) {
  if (!existsSync(join(DIST, 'index.html'))) return;
  const root = relative(process.cwd(), DIST);
  const assets = serveStatic({
    root,
    precompressed: true,
    onFound: (path, c) => c.header('Cache-Control', path.includes('/assets/') ? IMMUTABLE : 'no-cache'),
  });
  const index = serveStatic({
    root,
    path: 'index.html',
    precompressed: true,
    onFound: (_path, c) => c.header('Cache-Control', 'no-cache'),
  });
  const isApi = (path: string) => path.startsWith('/api/') || path === '/openapi.json' || path === '/docs';
  app.get('*', (c, next) => (isApi(c.req.path) ? next() : assets(c, next)));
  app.get('*', (c, next) => (isApi(c.req.path) ? next() : index(c, next)));
}
