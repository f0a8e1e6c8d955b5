/**
 * Demo cases in every state, made through the real API and workflows (so they carry real
 * histories): admitted sub-centers across cities and both systems, cases waiting at each review
 * step, a supplement request, a failed threshold, a draft.
 */

import { hashPassword } from '../../api/passwords.js';
import type { Db } from '../../db/index.js';
import { insertUserIfMissing } from '../../db/queries/users.js';
import type { ApplicationData } from '../../domain/application.js';
import { withCheckChar } from '../../domain/creditCode.js';
import { formBody } from '../dev/formBody.js';
import { DEMO_PASSWORD, demoOtp } from './demoUsers.js';

/** The API: the Hono app in process, or the running API over HTTP (scripts/dev/product.ts httpApp). */
export type App = { request(path: string, init?: RequestInit): Response | Promise<Response> };
const plan = (region: string, model: string) => ({
  regionalFeatures: `${region}科技创新资源集聚，产业链完整`,
  serviceTargets: '科技型中小企业、专精特新企业、高新技术企业',
  serviceRegion: `${region}及周边`,
  serviceModel: model,
  innovation: '投贷联动、知识产权质押融资与科技金融特派员驻点结合',
});
const allMet = { venue: true, headExperience: true, stableTeam: true, serviceCapability: true, noViolations: true };
const app = (name: string, code17: string, over: Partial<ApplicationData>): ApplicationData => ({
  orgName: name,
  creditCode: withCheckChar(code17),
  system: 'tech_service',
  category: 'comprehensive',
  applicantKind: 'municipal',
  city: '广州',
  plan: plan(over.city ?? '广州', '线上平台撮合 + 线下路演'),
  checklist: allMet,
  thresholdFigures: {},
  ...over,
});

type Step = ['recommend' | 'admit' | 'return' | 'expert' | 'score', string];
const CASES: { by: string; data: ApplicationData; steps: Step[]; submit?: boolean }[] = [
  {
    by: 'gz_kjjr',
    data: app('广州科技金融综合服务中心', '91440101MA5CKJ000', {}),
    steps: [
      ['recommend', 'gz_reviewer'],
      ['admit', 'province_reviewer'],
    ],
  },
  {
    by: 'sz_wan',
    data: app('深圳湾科技金融服务中心', '91440300MA5CKJ001', { city: '深圳', applicantKind: 'provincial_unit' }),
    steps: [['admit', 'province_reviewer']],
  },
  {
    by: 'fs_zhizao',
    data: app('佛山智能制造产业金融服务中心', '91440600MA5CKJ002', {
      city: '佛山',
      category: 'industrial',
      applicantKind: 'central_enterprise_branch',
    }),
    steps: [['admit', 'province_reviewer']],
  },
  {
    by: 'kj_bank',
    data: app('中国科技银行广东分行', '91440101MA5CKJ003', {
      system: 'financial',
      category: 'bank',
      applicantKind: 'financial_hq',
      thresholdFigures: { techLoansIssued: 320_000, nplRatio: 0.32, techCreditProducts: 8 },
    }),
    steps: [['admit', 'province_reviewer']],
  },
  {
    by: 'yk_vc',
    data: app('粤科创投基金管理有限公司', '91440101MA5CKJ004', {
      city: '广州',
      system: 'financial',
      category: 'venture_capital',
      applicantKind: 'financial_hq',
      thresholdFigures: { aum: 450_000, techInvestmentShare: 78 },
    }),
    steps: [['admit', 'province_reviewer']],
  },
  { by: 'gz_tianhe', data: app('广州天河科技金融服务站', '91440106MA5CKJ011', { category: 'specialty' }), steps: [] },
  {
    by: 'dg_dianzi',
    data: app('东莞电子信息产业金融服务中心', '91441900MA5CKJ005', { city: '东莞', category: 'industrial' }),
    steps: [],
  },
  {
    by: 'gz_nansha',
    data: app('广州南沙跨境科技金融服务站', '91440115MA5CKJ006', { category: 'specialty' }),
    steps: [['recommend', 'gz_reviewer']],
  },
  {
    by: 'gd_insurance',
    data: app('广东科技保险服务中心', '91440101MA5CKJ007', {
      system: 'financial',
      category: 'insurance',
      applicantKind: 'financial_hq',
      thresholdFigures: { techSumInsured: 120_000, exclusiveProducts: 1, techPremiumIncome: 800 },
    }),
    steps: [],
  },
  {
    by: 'zs_zhuanye',
    data: app('中山专业镇科技金融服务中心', '91442000MA5CKJ008', {
      city: '中山',
      category: 'specialty',
      applicantKind: 'provincial_unit',
    }),
    steps: [['expert', 'province_reviewer']],
  },
  {
    by: 'gz_huangpu',
    data: app('广州黄埔科技金融服务中心', '91440112MA5CKJ009', {}),
    steps: [['return', 'gz_reviewer']],
  },
  {
    by: 'dg_songshan',
    data: app('东莞松山湖科技金融服务站', '91441900MA5CKJ010', { city: '东莞', category: 'industrial' }),
    steps: [],
    submit: false,
  },
];

/** The accounts of the demo applications' institutions, one each (applicants, password as the other demo users). */
export const DEMO_CASE_ACCOUNTS = CASES.map((c) => `${c.by} (${c.data.orgName})`);

export function demoClient(api: App) {
  const tokens = new Map<string, string>();
  const call = async (as: string, method: string, path: string, body?: unknown) => {
    if (!tokens.has(as)) {
      const login = await api.request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: as, password: DEMO_PASSWORD, otp: demoOtp(as) }),
      });
      tokens.set(as, ((await login.json()) as { token: string }).token);
    }
    const res = await api.request(path, {
      method,
      headers: { Authorization: `Bearer ${tokens.get(as)}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`demo seed ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const openTask = async (as: string, caseId: string, step?: string) => {
    for (let i = 0; i < 50; i++) {
      const [task] = await call(
        as,
        'GET',
        `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId, status: 'open', ...(step && { step }) }))}`,
      );
      if (task) return task;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`demo seed: no open ${step ?? ''} task for ${caseId} visible to ${as}`);
  };
  const complete = async (as: string, caseId: string, step: string, decision: object) =>
    call(as, 'POST', `/api/tasks/${(await openTask(as, caseId, step)).id}/complete`, decision);
  return { call, openTask, complete };
}

/**
 * Each demo application is made by an account of its own institution, registered with the
 * application's credit code (an applicant applies with its own organisation's code only).
 */
export async function seedDemoCases(api: App, db: Db): Promise<number> {
  const { call, openTask } = demoClient(api);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const c of CASES) {
    await insertUserIfMissing(db, {
      username: c.by,
      displayName: c.data.orgName,
      passwordHash,
      roles: ['applicant'],
      city: c.data.city,
      organizationId: `org-${c.by}`,
      creditCode: c.data.creditCode,
    });
    const created = await call(c.by, 'POST', '/api/applications', c.data);
    if (c.submit === false) continue;
    await call(c.by, 'POST', `/api/applications/${created.id}/submit`);
    for (const [what, who] of c.steps) {
      const task = await openTask(who, created.id);
      const decision = {
        recommend: { decision: 'approve', comment: '符合推荐条件，同意推荐' },
        admit: { decision: 'approve', comment: '材料齐全，同意纳入分中心管理序列' },
        return: { decision: 'return', comment: '请补充服务场地产权或租赁证明', supplementDays: 10 },
        expert: { decision: 'expert_review', comment: '请专家对建设方案评分' },
        score: { decision: 'approve', comment: '方案可行', score: 85, noConflict: true },
      }[what];
      await call(who, 'POST', `/api/tasks/${task.id}/complete`, decision);
    }
  }
  await objectToFirstAdmission(api);
  return CASES.length;
}

/** A written objection (异议) against one list in its notice period, being checked by the Provincial Center. */
async function objectToFirstAdmission(api: App) {
  const notices = (await (await api.request('/api/public/notices')).json()) as {
    id: string;
    kind: string;
    items: { id: string }[];
  }[];
  const notice = notices.find((n) => n.kind === 'admission');
  if (!notice) return;
  const form = new FormData();
  for (const [k, v] of Object.entries({
    kind: 'person',
    itemId: notice.items[0]!.id,
    content: '该机构申报的服务场地实为临时租用，与申报材料不符。',
    phone: '020-12345678',
    email: 'objector@example.cn',
    realName: '张三',
  }))
    form.set(k, v);
  form.set(
    'letter',
    new File([Buffer.from('%PDF-1.4\n% 异议书（签名扫描件）\n%%EOF\n')], '异议书.pdf', { type: 'application/pdf' }),
  );
  const res = await api.request(`/api/public/notices/${notice.id}/objections`, {
    method: 'POST',
    ...(await formBody(form)),
  });
  if (res.status !== 201) throw new Error(`demo seed objection: ${res.status} ${await res.text()}`);
}
