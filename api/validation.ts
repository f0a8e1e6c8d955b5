import type { Hook } from '@hono/zod-openapi';
import { fieldErrors } from './errors.js';

/** zod failures become 422 with `{ message, errors: { field: reason } }` (400 for unreadable JSON is Hono's). */
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (!result.success) {
    return c.json({ message: `输入有误 (invalid ${result.target})`, errors: fieldErrors(result.error) }, 422);
  }
};
