import { z } from 'zod';
import { City } from './cities.js';
import { Role } from './roles.js';

/** What an administrator sets about a user. */
const userFields = {
  displayName: z.string().trim().min(1).max(100),
  roles: z
    .array(Role)
    .min(1)
    .refine((roles) => new Set(roles).size === roles.length, '角色不能重复 (a role is listed twice)'),
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
      message: '地市审核员须指定城市 (a municipal reviewer needs a city)',
    });
};
export const UserCreateInput = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9_.-]{3,40}$/, '3–40 lowercase letters, digits, _ . -'),
    password: z.string().min(10, '至少10位 (at least 10 characters)').max(200),
    ...userFields,
  })
  .partial({ active: true, organizationId: true, city: true })
  .superRefine(cityMatchesRoles);
export const UserUpdateInput = z
  .object({ ...userFields, password: z.string().min(10).max(200) })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: '请至少修改一项 (nothing to change)', path: ['root'] })
  .superRefine(cityMatchesRoles);
