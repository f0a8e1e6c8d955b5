import { z } from 'zod';

/** Who may do what. Provincial roles have no city; municipal reviewers act for one city. */
export const Role = z.enum([
  'applicant', // 申报单位 / 分中心
  'municipal_reviewer', // 地市科技主管部门
  'provincial_reviewer', // 省级中心
  'expert', // 专家
  'finance', // 财务
  'admin', // 管理员
  'auditor', // 审计
]);
export type Role = z.infer<typeof Role>;

/** The identity every request and every recorded action carries. */
export const Actor = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(Role),
  city: z.string().nullable(),
  organizationId: z.string().nullable(),
});
export type Actor = z.infer<typeof Actor>;

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role) => actor.roles.includes(role);
