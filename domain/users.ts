import { z } from 'zod';
import { City } from './cities.js';
import { holdsTwoSeparatedRoles, Role } from './roles.js';
import { nameText } from './text.js';

const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];
/** A password (等保三级): at least 12 characters of at least three kinds. */
export const Password = z
  .string()
  .min(12, '至少 12 位 (at least 12 characters)')
  .max(200)
  .refine((p) => CLASSES.filter((c) => c.test(p)).length >= 3, {
    message:
      '须含大写字母、小写字母、数字、符号中的至少三类 (at least three of: upper case, lower case, digits, symbols)',
  });

/** What an administrator sets about a user. */
const userFields = {
  displayName: nameText(1, 100),
  roles: z
    .array(Role)
    .min(1)
    .refine((roles) => new Set(roles).size === roles.length, '角色不能重复 (a role is listed twice)')
    .refine(
      (roles) => !holdsTwoSeparatedRoles(roles),
      '三员分立：系统管理员、安全保密管理员、安全审计员不能由同一账号兼任 (administrator, security officer and auditor are three different accounts)',
    ),
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
      .regex(/^[a-z0-9_.-]{3,40}$/, '3–40 个小写字母、数字或 _ . - (3–40 lowercase letters, digits, _ . -)'),
    password: Password,
    ...userFields,
  })
  .partial({ active: true, organizationId: true, city: true })
  .superRefine(cityMatchesRoles);
export const UserUpdateInput = z
  .object({ ...userFields, password: Password })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: '请至少修改一项 (nothing to change)', path: ['root'] })
  .superRefine(cityMatchesRoles);
