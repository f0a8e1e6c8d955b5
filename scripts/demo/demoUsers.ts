import { hashPassword } from '../../api/passwords.js';
import { currentCode, sealSecret } from '../../api/secondFactor.js';
import type { Db } from '../../db/index.js';
import { insertUserIfMissing } from '../../db/queries/users.js';
import type { Role } from '../../domain/roles.js';

export const DEMO_PASSWORD = 'kejin-demo';

/** One demo account per role (seeded in demo mode and in tests only). */
export const DEMO_USERS: {
  username: string;
  displayName: string;
  roles: Role[];
  city: string | null;
  organizationId: string | null;
  /** The organisation's registered credit code (applicants apply with their own). */
  creditCode?: string;
}[] = [
  {
    username: 'applicant1',
    displayName: '广州科创金融服务有限公司',
    roles: ['applicant'],
    city: '广州',
    organizationId: 'org-applicant1',
    creditCode: '91440104MA5CKJ0017',
  },
  {
    username: 'applicant2',
    displayName: '东莞电子产业金融服务中心',
    roles: ['applicant'],
    city: '东莞',
    organizationId: 'org-applicant2',
    creditCode: '91441900MA5CKJ0127',
  },
  {
    username: 'gz_reviewer',
    displayName: '广州市科技局 审核员',
    roles: ['municipal_reviewer'],
    city: '广州',
    organizationId: null,
  },
  {
    username: 'dg_reviewer',
    displayName: '东莞市科技局 审核员',
    roles: ['municipal_reviewer'],
    city: '东莞',
    organizationId: null,
  },
  {
    username: 'province_reviewer',
    displayName: '省级中心 审核员',
    roles: ['provincial_reviewer'],
    city: null,
    organizationId: null,
  },
  // second reviewers of the Provincial Center and of 广州: 会签 panels and 转办 in the demo
  {
    username: 'province_reviewer2',
    displayName: '省级中心 复核员',
    roles: ['provincial_reviewer'],
    city: null,
    organizationId: null,
  },
  {
    username: 'gz_reviewer2',
    displayName: '广州市科技局 复核员',
    roles: ['municipal_reviewer'],
    city: '广州',
    organizationId: null,
  },
  { username: 'expert1', displayName: '专家 李明', roles: ['expert'], city: null, organizationId: null },
  { username: 'expert2', displayName: '专家 陈静', roles: ['expert'], city: null, organizationId: null },
  { username: 'finance1', displayName: '财务 王芳', roles: ['finance'], city: null, organizationId: null },
  // 三员分立: three accounts, one duty each
  { username: 'admin', displayName: '系统管理员', roles: ['admin'], city: null, organizationId: null },
  {
    username: 'security',
    displayName: '安全保密管理员',
    roles: ['security_officer'],
    city: null,
    organizationId: null,
  },
  { username: 'auditor', displayName: '安全审计员', roles: ['auditor'], city: null, organizationId: null },
  // accounts of sub-centers already on the roster before Kejin (imported with the demo roster)
  {
    username: 'center_gz',
    displayName: '广州越秀科技金融服务中心',
    roles: ['applicant'],
    city: '广州',
    organizationId: 'org-center-gz',
  },
  {
    username: 'center_sz',
    displayName: '深圳南山科技金融服务中心',
    roles: ['applicant'],
    city: '深圳',
    organizationId: 'org-center-sz',
  },
  {
    username: 'center_fs',
    displayName: '佛山顺德智能制造金融服务中心',
    roles: ['applicant'],
    city: '佛山',
    organizationId: 'org-center-fs',
  },
  {
    username: 'center_zh',
    displayName: '珠海横琴跨境科技金融服务站',
    roles: ['applicant'],
    city: '珠海',
    organizationId: 'org-center-zh',
  },
  {
    username: 'center_dg',
    displayName: '东莞松山湖产业金融服务中心',
    roles: ['applicant'],
    city: '东莞',
    organizationId: 'org-center-dg',
  },
];

/**
 * The demo's second-factor secret of the three accounts that need one (admin, security, auditor):
 * add it to an authenticator app, or `npm run demo:otp` prints the current code. Known to all,
 * like the demo password: the demo only.
 */
export const DEMO_TOTP_SECRET = 'KEJINDEMOKEJINDEMOKEJINDEMOKEJIN';
export const DEMO_SECOND_FACTOR_USERS = ['admin', 'security', 'auditor'];

/** The code a demo account signs in with now (none for accounts without a second factor). */
export const demoOtp = (username: string) =>
  DEMO_SECOND_FACTOR_USERS.includes(username) ? currentCode(DEMO_TOTP_SECRET) : undefined;

/** `auditKey`: the AUDIT_KEY of the product whose data this is, when it is not this process's. */
export async function seedDemoUsers(db: Db, auditKey?: string): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await insertUserIfMissing(db, { ...u, passwordHash });
    // every demo user has a mailbox at the local mail server, so the demo shows real mails
    await db
      .updateTable('users')
      .set({ email: `${u.username}@kejin.local` })
      .where('username', '=', u.username)
      .where('email', 'is', null)
      .execute();
  }
  await db
    .updateTable('users')
    .set({ totp_secret: sealSecret(DEMO_TOTP_SECRET, auditKey), totp_enabled_at: new Date() })
    .where('username', 'in', DEMO_SECOND_FACTOR_USERS)
    .where((eb) => eb.or([eb('totp_enabled_at', 'is', null), eb('totp_secret', 'not like', 'v1:%')]))
    .execute();
}
