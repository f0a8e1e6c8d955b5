/** What the routes' OpenAPI descriptions share: a JSON body or answer, the bearer token, an id in the path. */
import { z } from '@hono/zod-openapi';

export const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
export const security = [{ bearer: [] }];
/** The `{id}` of a path, as `id` checks it (any non-empty string by default). */
export const idParam = (id: z.ZodString = z.string().min(1)) =>
  z.object({ id: id.openapi({ param: { name: 'id', in: 'path' } }) });
export const IdParam = idParam();
