import { swaggerUI } from '@hono/swagger-ui';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { DEFAULT_SESSION_POLICY, sessionAlive } from '../db/queries/sessions.js';
import { BACKGROUND_READ_HEADER, EXPORT_HEADER, TOTAL_EXACT_HEADER } from '../domain/headers.js';
import { say } from '../domain/messages.js';
import { authRoutes, logoutRoute, requireAuth } from './auth.js';
import { clientAddress, trustedProxies } from './clientAddress.js';
import type { ApiDeps, AppEnv } from './context.js';
import { onError, refusalsInReadersLanguage } from './errors.js';
import { eventRoutes, LiveEvents } from './events.js';
import { idempotency } from './idempotency.js';
import { edgeGuard } from './inputGuard.js';
import { metricsOf, observabilityRoutes, requestTrail } from './observability.js';
import { withCommonResponses } from './openapiDocument.js';
import { operationLog } from './operationLog.js';
import { authorize } from './policy.js';
import { applicationRoutes } from './routes/applications.js';
import { attachmentRoutes } from './routes/attachments.js';
import { calendarRoutes } from './routes/calendar.js';
import { competitionRoutes } from './routes/competition.js';
import { annexASummaryRoute, evaluationRoutes } from './routes/evaluation.js';
import { incidentRoutes } from './routes/incidents.js';
import { meRoutes } from './routes/me.js';
import { noticeRoutes } from './routes/notices.js';
import { notificationRoutes } from './routes/notifications.js';
import { operationLogRoutes } from './routes/operationLog.js';
import { organizationRoutes } from './routes/organizations.js';
import { publicNoticeRoutes } from './routes/publicNotices.js';
import { ruleSetRoutes } from './routes/ruleSets.js';
import { officeStatsRoute, statsRoutes } from './routes/stats.js';
import { subCenterRoutes } from './routes/subCenters.js';
import { taskBatchRoutes } from './routes/taskBatch.js';
import { taskRoutes } from './routes/tasks.js';
import { temporalCodecRoutes } from './routes/temporalCodec.js';
import { userRoutes } from './routes/users.js';
import { viewRoutes } from './routes/views.js';
import { secondFactorRoutes } from './secondFactor.js';
import { validationHook } from './validation.js';

/**
 * Any origin may call the API with a bearer token (CORS). Only a preflight goes through Hono's
 * middleware: it sets its headers on `c.res` before the route runs, so every answer was built
 * twice (the route's response copied into a new one to merge them: ~10 % of a list request's CPU);
 * an ordinary request's headers are set with `c.header`, which the route's answer takes up.
 */
function crossOrigin(): MiddlewareHandler {
  const exposed = ['Content-Range', TOTAL_EXACT_HEADER, 'Idempotent-Replayed'].join(', ');
  const preflight = cors({
    origin: '*',
    // X-Namespace: the Temporal UI's calls to the codec endpoint (api/routes/temporalCodec.ts)
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      BACKGROUND_READ_HEADER,
      EXPORT_HEADER,
      'X-Namespace',
    ],
  });
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', exposed);
    await next();
  };
}

/**
 * Security headers on every answer: a Content-Security-Policy without inline script (the console's
 * styles are inline, MUI writes them), no framing, no sniffing, no referrer to other sites. The
 * Swagger page (/docs) loads its script from its CDN and keeps Hono's defaults without a policy.
 */
function securityHeaders(): MiddlewareHandler {
  const strict = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginEmbedderPolicy: false,
  });
  const docs = secureHeaders({ xFrameOptions: 'DENY', crossOriginEmbedderPolicy: false });
  return (c, next) => (c.req.path === '/docs' ? docs(c, next) : strict(c, next));
}

/** The HTTP API: one sub-app per resource, one error mapping, an OpenAPI document from the zod schemas. */
export function createApp(given: ApiDeps) {
  const live = new LiveEvents(given.db);
  // one session policy for sign-in, every request and the live feed
  const deps = { ...given, live, sessions: given.sessions ?? DEFAULT_SESSION_POLICY };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.use('*', refusalsInReadersLanguage());
  const proxies = trustedProxies(given.trustedProxies);
  app.use('*', async (c, next) => {
    c.set('clientAddress', clientAddress(c, proxies));
    await next();
  });
  app.use('*', securityHeaders());
  const metrics = metricsOf(deps);
  app.use('*', requestTrail(metrics.observe, deps.log));
  observabilityRoutes(app, deps, metrics.registry);
  app.use('/api/*', crossOrigin());
  app.get('/api/health', (c) => c.json({ ok: true }));
  app.use('/api/*', edgeGuard(), operationLog(deps));
  app.route('/api/auth', authRoutes(deps));
  app.route('/api/public', publicNoticeRoutes(deps));
  app.use('/api/*', requireAuth(deps), authorize(), idempotency(deps));
  app.route('/api/auth', logoutRoute(deps));
  app.route('/api/auth/totp', secondFactorRoutes(deps));
  app.route(
    '/api/events',
    eventRoutes(live, (sid) => sessionAlive(deps.db, sid, deps.sessions)),
  );
  app.route('/api/applications', applicationRoutes(deps));
  app.route('/api/tasks', taskBatchRoutes(deps));
  app.route('/api/tasks', taskRoutes(deps));
  app.route('/api/sub-centers', subCenterRoutes(deps));
  app.route('/api/attachments', attachmentRoutes(deps));
  app.route('/api/users/me/views', viewRoutes(deps));
  app.route('/api/users/me', meRoutes(deps));
  app.route('/api', noticeRoutes(deps));
  app.route('/api', notificationRoutes(deps));
  app.route('/api/users', userRoutes(deps));
  app.route('/api/rule-sets', ruleSetRoutes(deps));
  app.route('/api/calendar', calendarRoutes(deps));
  app.route('/api/incidents', incidentRoutes(deps));
  app.route('/api/operation-log', operationLogRoutes(deps));
  app.route('/api/temporal-codec', temporalCodecRoutes(deps));
  app.route('/api/organizations', organizationRoutes(deps));
  app.route('/api/stats', statsRoutes(deps));
  app.route('/api/stats', annexASummaryRoute(deps));
  app.route('/api/stats', officeStatsRoute(deps));
  const evaluation = evaluationRoutes(deps);
  app.route('/api/evaluation-rounds', evaluation.rounds);
  app.route('/api/evaluations', evaluation.evaluations);
  app.route('/api/revocations', evaluation.revocations);
  app.route('/api/payouts', evaluation.payouts);
  const competition = competitionRoutes(deps);
  app.route('/api/competition-tasks', competition.tasks);
  app.route('/api/bids', competition.bids);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  let document: object | undefined;
  app.get('/openapi.json', (c) => {
    document ??= withCommonResponses(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Kejin 科金 API',
          version: '0.1.0',
          description:
            "Sci-tech finance service network: admission, review tasks, roster. Lists speak react-admin's simple REST dialect.",
        },
      }),
    );
    return c.json(document);
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  app.notFound((c) => c.json({ message: say('notFound') }, 404));
  return Object.assign(app, { live });
}
export type App = ReturnType<typeof createApp>;
