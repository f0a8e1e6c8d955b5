import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';

const DIST = join(import.meta.dirname, '..', 'admin', 'dist');

/** Serves the built console at `/` (single-page app: unknown paths fall back to index.html). */
export function serveConsole(app: OpenAPIHono<any>) {
  if (!existsSync(join(DIST, 'index.html'))) return;
  const root = relative(process.cwd(), DIST);
  app.use('/*', serveStatic({ root }));
  app.get('*', serveStatic({ root, path: 'index.html' }));
}
