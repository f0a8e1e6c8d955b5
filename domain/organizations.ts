import { z } from 'zod';
import { CreditCode } from './application.js';
import { City } from './cities.js';
import { say } from './messages.js';
import { nameText } from './text.js';

/** An organisation as an administrator registers it; its credit code binds its applications. */
export const OrganizationInput = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_.-]{2,60}$/, say('organisationIdForm')),
  name: nameText(1, 200),
  creditCode: CreditCode.nullable().optional(),
  city: City.nullable().optional(),
});
export const OrganizationUpdateInput = OrganizationInput.omit({ id: true })
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: say('nothingToChange'), path: ['root'] });

/**
 * 一家机构只能设立一个分中心: an institution (its credit code) on the active roster applies no
 * more; checked by the API on a new application, by admission on submission and before the
 * roster entry, and by a partial unique index on the roster.
 */
export const alreadySubCenter = (name: string) => say('alreadySubCenter', name);
