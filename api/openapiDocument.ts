/**
 * The answers a route can give besides its own, added to each operation of the OpenAPI document
 * where the route does not describe them itself, and only where the operation can really give
 * them (the fuzzer holds every answer to the document):
 * - 400 for an address with a forbidden character (the edge: api/inputGuard.ts), and for a body
 *   that is not JSON or nested too deep;
 * - 401 and 403 behind the bearer token (a session that may only enrol a second factor is refused
 *   everywhere else);
 * - 404 for a path with an id, or a POST/PUT whose body names a case;
 * - 409 for a POST/PUT/DELETE (the same Idempotency-Key in progress), and 413 for its body;
 * - 411 for an upload that does not say its length;
 * - 422 where there is input to refuse (path or query parameters, a body, an Idempotency-Key);
 * - 503 while PostgreSQL or Temporal is out of reach (every operation reads one of them).
 * Each carries the one error body.
 */
type Operation = {
  security?: unknown[];
  requestBody?: unknown;
  parameters?: unknown[];
  responses?: Record<string, unknown>;
};
type Document = { paths?: object };

const ErrorBody = {
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          message: { type: 'string' },
          errors: { type: 'object', additionalProperties: { type: 'string' } },
        },
        required: ['message'],
      },
    },
  },
};
const COMMON: Record<string, string> = {
  '400': say('status400'),
  '401': say('status401'),
  '403': say('status403'),
  '404': say('status404'),
  '409': say('status409'),
  '411': say('status411'),
  '413': say('status413'),
  '422': say('status422'),
  '503': say('status503'),
};

/** The operations that take files (multipart), whose length must be said before they are read. */
const UPLOADS = new Set(['/api/attachments', '/api/public/notices/{id}/objections']);

export function withCommonResponses<T extends Document>(doc: T): T {
  for (const [path, methods] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>))
    for (const [method, op] of Object.entries(methods)) {
      const codes = ['400', '503'];
      if (op.security?.length) codes.push('401', '403');
      if (path.includes('{')) codes.push('404');
      const changes = method === 'post' || method === 'put' || method === 'delete';
      // a change takes an Idempotency-Key (422 when malformed, 409 while in use) and any body is limited
      if (op.parameters?.length || op.requestBody || changes) codes.push('422');
      if (changes) codes.push('409', '413');
      // a body may name a case the caller cannot see
      if (method === 'post' || method === 'put') codes.push('404');
      if (UPLOADS.has(path)) codes.push('411');
      op.responses ??= {};
      for (const code of codes) {
        const declared = op.responses[code] as { description?: string; content?: unknown } | undefined;
        op.responses[code] = declared?.content
          ? declared
          : { description: declared?.description ?? COMMON[code], ...ErrorBody };
      }
    }
  return doc;
}

import { say } from '../domain/messages.js';
