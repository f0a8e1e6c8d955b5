/**
 * The answers every route can give besides its own, added to each operation of the OpenAPI
 * document where the route does not describe them itself: 401 and 403 behind the bearer token
 * (a session that may only enrol a second factor is refused everywhere else), 404 for a path
 * with an id or a body naming a case, 409 for a POST/PUT (the same Idempotency-Key in progress),
 * 400 for a body that is not JSON, 413 for a body over 1 MB, 422 for input refused at the edge (control characters, a malformed list parameter), 503
 * while PostgreSQL or Temporal is out of reach. Each carries the one error body.
 */
type Operation = { security?: unknown[]; requestBody?: unknown; responses?: Record<string, unknown> };
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
  '400': '请求体不是有效的 JSON (the body is not readable JSON)',
  '401': '未登录或会话已结束 (not signed in, or the session ended)',
  '403': '无权执行 (not permitted for this role, or a second factor must be enrolled first)',
  '404': '不存在或不可见 (not found, or not visible to the caller)',
  '409': '状态不允许，或相同请求正在处理中 (wrong state, or the same Idempotency-Key is in progress)',
  '413': '请求体超过 1 MB (the body is over 1 MB)',
  '422': '输入无效 (invalid input: field → reason)',
  '503': '数据库或流程引擎暂不可用，请稍后重试 (PostgreSQL or Temporal is out of reach: retry after Retry-After)',
};

export function withCommonResponses<T extends Document>(doc: T): T {
  for (const [path, methods] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Operation>>))
    for (const [method, op] of Object.entries(methods)) {
      const codes = ['422', '503'];
      if (op.security?.length) codes.push('401', '403');
      if (path.includes('{')) codes.push('404');
      // a body may name a case the caller cannot see (404) or be in use under its Idempotency-Key (409)
      if (method === 'post' || method === 'put') codes.push('404', '409');
      if (op.requestBody) codes.push('400', '413');
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
