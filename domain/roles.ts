import { z } from 'zod';

/** Who may do what. Provincial roles have no city; municipal reviewers act for one city. */
export const Role = z.enum([
  'applicant', // 申报单位 / 分中心
  'municipal_reviewer', // 地市科技主管部门
  'provincial_reviewer', // 省级中心
  'expert', // 专家
  'finance', // 财务
  'admin', // 系统管理员: users, rules, master data
  'security_officer', // 安全保密管理员: unlocking, ending sessions, second factors
  'auditor', // 安全审计员: reads the audit trail and the operation log, changes nothing
]);
export type Role = z.infer<typeof Role>;

/**
 * 三员分立 (等保三级): the system administrator, the security officer and the auditor are three
 * people. No account holds two of these roles, and each must always have an active holder.
 */
export const SEPARATED_ROLES = ['admin', 'security_officer', 'auditor'] as const satisfies readonly Role[];
export const holdsTwoSeparatedRoles = (roles: readonly string[]) =>
  SEPARATED_ROLES.filter((r) => roles.includes(r)).length > 1;

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

/** Each role in words, [中文, English], for messages people read (never the key itself). */
export const ROLE_NAMES: Record<Role, [zh: string, en: string]> = {
  applicant: ['申报单位', 'applicant'],
  municipal_reviewer: ['地市审核员', 'municipal reviewer'],
  provincial_reviewer: ['省级审核员', 'provincial reviewer'],
  expert: ['专家', 'expert'],
  finance: ['财务', 'finance officer'],
  admin: ['系统管理员', 'system administrator'],
  security_officer: ['安全保密管理员', 'security officer'],
  auditor: ['安全审计员', 'auditor'],
};

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role) => actor.roles.includes(role);
