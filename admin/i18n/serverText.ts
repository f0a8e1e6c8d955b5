/**
 * The server's texts in the reader's language (domain/messages.ts): the API answers a refusal in
 * the console's language (it sends `Accept-Language`); a remark recorded in both languages, "中文
 * (English)", shows the reader's part, and a person's own words stay whole.
 */
import type { ZodError } from 'zod';
import { fieldErrors } from '../../domain/issues.js';
import { localized } from '../../domain/messages.js';

export { inLanguage as inReadersLanguage } from '../../domain/messages.js';

/** A form's own check (the domain's zod schema), each field's reason in the reader's language. */
export const fieldErrorsFor = (error: ZodError, input: unknown, locale: string): Record<string, string> =>
  (localized({ errors: fieldErrors(error, input) }, locale).errors as Record<string, string> | undefined) ?? {};
