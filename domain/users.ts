import { z } from 'zod';
import { City } from './cities.js';
import { say } from './messages.js';
import { holdsTwoSeparatedRoles, Role } from './roles.js';
import { nameText } from './text.js';

const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];
/** A password (等保三级): at least 12 characters of at least three kinds. */
export const Password = z
  .string()
  .min(12, say('atLeast12Characters'))
  .max(200)
  .refine((p) => CLASSES.filter((c) => c.test(p)).length >= 3, {
    message: say('atLeastThreeOfUpper'),
  });

/** What an administrator sets about a user. */
const userFields = {
  displayName: nameText(1, 100),
  roles: z
    .array(Role)
    .min(1)
    .refine((roles) => new Set(roles).size === roles.length, say('roleIsListedTwice'))
    .refine((roles) => !holdsTwoSeparatedRoles(roles), say('administratorSecurityOfficerAndAuditor')),
  city: City.nullable(),
  organizationId: z.string().trim().max(100).nullable(),
  active: z.boolean(),
};
/** A municipal reviewer acts for one city; provincial roles for none. */
const cityMatchesRoles = (u: { roles?: string[]; city?: string | null }, ctx: z.RefinementCtx) => {
  if (u.roles?.includes('municipal_reviewer') && !u.city)
    ctx.addIssue({
      code: 'custom',
      path: ['city'],
      message: say('municipalReviewerNeedsCity'),
    });
};
export const UserCreateInput = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9_.-]{3,40}$/, say('usernameForm')),
    password: Password,
    ...userFields,
  })
  .partial({ active: true, organizationId: true, city: true })
  .superRefine(cityMatchesRoles);
export const UserUpdateInput = z
  .object({ ...userFields, password: Password })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: say('nothingToChange'), path: ['root'] })
  .superRefine(cityMatchesRoles);
