/**
 * Demo cases in every state, made through the real API and workflows (so they carry real
 * histories): admitted sub-centers across cities and both systems, cases waiting at each review
 * step, a supplement request, a failed threshold, a draft.
 */

import type { Client } from '@temporalio/client';
import { hashPassword } from '../../api/passwords.js';
import type { Db } from '../../db/index.js';
import { insertUserIfMissing, registerOrganization } from '../../db/queries/users.js';
import type { ApplicationData } from '../../domain/application.js';
import { withCheckChar } from '../../domain/creditCode.js';
import { DEFAULT_EVALUATION_RULES } from '../../domain/evaluation.js';
import { HOW_TO_OBJECT, NOTICE_TITLES } from '../../domain/notice.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { payout, payoutWorkflowId } from '../../workflows/payout.js';
import { formBody } from '../dev/formBody.js';
import { DEMO_PASSWORD, demoOtp } from './demoUsers.js';

/** The API: the Hono app in process, or the running API over HTTP (scripts/dev/product.ts httpApp). */
type App = { request(path: string, init?: RequestInit): Response | Promise<Response> };
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

function demoClient(api: App) {
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

/**
 * The admission lists of the imported roster, published and final before Kejin (one list per
 * year), so the public board shows closed notices beside the open ones.
 */
async function importAdmissionNotices(db: Db) {
  for (const year of [...new Set(LEGACY.map((l) => l.admitted.slice(0, 4)))]) {
    const admitted = LEGACY.filter((l) => l.admitted.startsWith(year));
    const first = admitted.map((l) => l.admitted).sort()[0]!;
    await db
      .insertInto('notices')
      .values({
        id: `imported-admission-${year}-v1`,
        series_id: `imported-admission-${year}`,
        version: 1,
        kind: 'admission',
        title: `${NOTICE_TITLES.admission}（${year} 年，导入）`,
        status: 'final',
        case_type: 'imported',
        case_id: `admission-${year}`,
        workflow_id: `imported-admission-${year}`,
        starts_at: `${first}T09:00:00+08:00`,
        ends_at: new Date(Date.parse(`${first}T00:00:00+08:00`) + 8 * 86_400_000 - 1),
        review_until: null,
        how_to_object: HOW_TO_OBJECT,
        updated_at: new Date(),
        items: JSON.stringify(
          admitted.map((l) => ({
            id: l.id,
            orgName: l.name,
            city: l.city,
            system: l.system,
            category: l.category,
            result: '纳入分中心管理序列',
            organizationId: l.org,
          })),
        ),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** The 2024 results (graded before Kejin, their post-subsidies paid in the demo), as the final list published in January 2026. */
async function importResultsNotice(db: Db) {
  const grades = ['优秀', '良好', '合格'];
  await db
    .insertInto('notices')
    .values({
      id: 'imported-evaluation-2024-v1',
      series_id: 'imported-evaluation-2024',
      version: 1,
      kind: 'evaluation',
      title: `2024 年度${NOTICE_TITLES.evaluation}（导入）`,
      status: 'final',
      case_type: 'imported',
      case_id: 'evaluation-2024',
      workflow_id: 'imported-evaluation-2024',
      starts_at: '2026-01-20T09:00:00+08:00',
      ends_at: '2026-01-27T23:59:59.999+08:00',
      review_until: null,
      how_to_object: HOW_TO_OBJECT,
      updated_at: new Date(),
      items: JSON.stringify(
        LEGACY.filter((l) => 'share' in l).map((l, i) => ({
          id: `${l.id}-2024`,
          orgName: l.name,
          city: l.city,
          system: l.system,
          category: l.category,
          result: grades[i] ?? '合格',
          organizationId: l.org,
        })),
      ),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Sub-centers that were on the roster before Kejin (imported), so the demo has a year to evaluate. */
const LEGACY = [
  {
    id: 'SC-LEGACY-GZ',
    name: '广州越秀科技金融服务中心',
    system: 'tech_service',
    category: 'comprehensive',
    city: '广州',
    org: 'org-center-gz',
    user: 'center_gz',
    admitted: '2023-06-01',
    share: 1.6,
    expert: 93,
  },
  {
    id: 'SC-LEGACY-SZ',
    name: '深圳南山科技金融服务中心',
    system: 'tech_service',
    category: 'comprehensive',
    city: '深圳',
    org: 'org-center-sz',
    user: 'center_sz',
    admitted: '2024-03-01',
    share: 0.8,
    expert: 85,
  },
  {
    id: 'SC-LEGACY-FS',
    name: '佛山顺德智能制造金融服务中心',
    system: 'tech_service',
    category: 'industrial',
    city: '佛山',
    org: 'org-center-fs',
    user: 'center_fs',
    admitted: '2024-05-01',
    share: 0.6,
    expert: 70,
    findings: '服务台账不完整，需建立企业服务档案',
  },
  {
    id: 'SC-LEGACY-DG',
    name: '东莞松山湖产业金融服务中心',
    system: 'tech_service',
    category: 'industrial',
    city: '东莞',
    org: 'org-center-dg',
    user: 'center_dg',
    admitted: '2023-09-01',
    share: 0.3,
    expert: 60,
  },
  {
    id: 'SC-LEGACY-ZH',
    name: '珠海横琴跨境科技金融服务站',
    system: 'tech_service',
    category: 'specialty',
    city: '珠海',
    org: 'org-center-zh',
    user: 'center_zh',
    admitted: '2025-12-01',
  },
  {
    id: 'SC-LEGACY-BK',
    name: '粤港科技银行广东分行',
    system: 'financial',
    category: 'bank',
    city: '广州',
    org: 'org-legacy-bank',
    admitted: '2022-07-01',
  },
] as const;

/**
 * The 2025 tech-service round, run to its grades through the API: an excellent center paid its
 * post-subsidy, a good one waiting for finance, a pass with a rectification plan due, the last
 * ranked failed and in its statement period; plus a violation revocation decided.
 */
export async function seedDemoEvaluation(api: App, db: Db, temporal: Client): Promise<void> {
  const { call, complete } = demoClient(api);
  for (const l of LEGACY) {
    const creditCode = withCheckChar(`91440000MA5CL${String(LEGACY.indexOf(l)).padStart(4, '0')}`);
    await registerOrganization(db, { id: l.org, name: l.name, city: l.city, creditCode });
    await db
      .insertInto('sub_centers')
      .values({
        id: l.id,
        application_id: `legacy-${l.id}`,
        name: l.name,
        credit_code: creditCode,
        system: l.system,
        category: l.category,
        city: l.city,
        organization_id: l.org,
        status: 'active',
        admitted_at: `${l.admitted}T09:00:00+08:00`,
        published_at: `${l.admitted}T09:00:00+08:00`,
        revoked_at: null,
        revocation_reason: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  await importAdmissionNotices(db);
  await importResultsNotice(db);
  const round = await call('province_reviewer', 'POST', '/api/evaluation-rounds', {
    year: 2025,
    system: 'tech_service',
  });
  const evaluated = LEGACY.filter((l) => 'share' in l);
  for (const l of evaluated) {
    const id = `evaluation-${l.id}-2025`;
    const figures = Object.fromEntries(
      Object.entries(DEFAULT_EVALUATION_RULES.targets).map(([k, v]) => [k, Math.round(v * l.share)]),
    );
    await complete(l.user, id, 'self_report', {
      decision: 'approve',
      comment: '2025年度自评报告',
      payload: {
        figures,
        narratives: {
          operations: '团队稳定，制度健全',
          capability: '线上线下结合的服务模式',
          results: '服务企业满意度较高',
        },
      },
    });
    await complete('province_reviewer', id, 'written_review', { decision: 'approve', comment: '材料完整' });
    for (const expert of ['expert1', 'expert2'])
      await complete(expert, id, 'expert_scoring', {
        decision: 'approve',
        comment: '按附录B评分',
        noConflict: true,
        payload: { operations: l.expert, capability: l.expert, results: l.expert },
      });
    await complete('province_reviewer', id, 'onsite', {
      decision: 'approve',
      comment: '现场评估完成',
      payload: {
        reportHeard: true,
        siteInspected: true,
        staffInterviewed: true,
        findings: 'findings' in l ? l.findings : '',
      },
    });
  }
  // the 2025 results are now in their 7-day notice period (公示); grades, payouts, rectification and
  // revocation follow when it ends. Post-subsidies of the 2024 results (graded before Kejin) are paid here.
  for (
    let i = 0;
    i < 50 && (await call('admin', 'GET', `/api/evaluation-rounds/${round.id}`)).status !== 'public_notice';
    i++
  )
    await new Promise((r) => setTimeout(r, 200));
  const payout2024 = async (l: (typeof LEGACY)[number], amount: number, grade: string) => {
    const sourceId = `legacy-2024-${l.id}`;
    await temporal.workflow.start(payout, {
      workflowId: payoutWorkflowId('evaluation', sourceId),
      taskQueue: TASK_QUEUE,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [
        {
          source: 'evaluation',
          sourceId,
          subCenter: { id: l.id, name: l.name, organizationId: l.org, city: l.city },
          year: 2024,
          amount,
          reason: `2024 年度绩效评价 ${grade}`,
          budgetKey: 'evaluation-subsidy-2024',
          budget: 5_000_000,
          approvalWorkingDays: 10,
        },
      ],
    });
    return payoutWorkflowId('evaluation', sourceId);
  };
  await complete('finance1', await payout2024(LEGACY[0], 500_000, '优秀'), 'payout_approval', {
    decision: 'approve',
    comment: '同意拨付后补助',
  });
  await payout2024(LEGACY[1], 300_000, '良好');
  const zh = await call('province_reviewer', 'POST', '/api/revocations', {
    subCenterId: 'SC-LEGACY-ZH',
    reason: '服务站连续两个季度未开展服务，且虚报服务数据',
  });
  await complete('center_zh', zh.id, 'statement', {
    decision: 'approve',
    comment: '陈述申辩',
    payload: { statement: '因人员变动暂停服务，已恢复运营' },
  });
  await complete('province_reviewer', zh.id, 'revocation_decision', {
    decision: 'approve',
    comment: '经核查虚报属实，撤销服务站资质',
  });
}

/** This year's key task list: one open for bids, one in expert review, one whose award is in its notice period. */
export async function seedDemoCompetition(api: App): Promise<void> {
  const { call, complete } = demoClient(api);
  const soon = new Date(Date.now() + 4_000).toISOString();
  const base = {
    year: 2026,
    eligibility: { systems: ['tech_service'], categories: [] },
    winners: 1,
    budget: 1_000_000,
  };
  const publish = async (data: object) => {
    const draft = await call('province_reviewer', 'POST', '/api/competition-tasks', { ...base, ...data });
    await call('province_reviewer', 'POST', `/api/competition-tasks/${draft.id}/publish`);
    return draft.id as string;
  };
  const open = await publish({
    title: '科技型中小企业首贷服务攻坚',
    goal: '年内新增首贷企业 500 家',
    deliverables: '首贷企业名单、服务报告',
    bidDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    milestones: [
      { title: '中期报告', workingDays: 60 },
      { title: '年度总结', workingDays: 180 },
    ],
  });
  await call('center_sz', 'POST', `/api/competition-tasks/${open}/bids`, {
    plan: '联合 12 家银行开展首贷专项行动',
    team: '专职 8 人',
    requestedAmount: 600_000,
  });
  const review = await publish({
    title: '知识产权质押融资推广',
    goal: '推动知识产权质押融资 5 亿元',
    deliverables: '融资项目清单',
    bidDeadline: soon,
    milestones: [{ title: '年度总结', workingDays: 120 }],
  });
  const paid = await publish({
    title: '科技金融特派员服务站建设',
    goal: '在 3 个县区建成服务站',
    deliverables: '服务站挂牌、运营报告',
    bidDeadline: soon,
    winners: 1,
    budget: 500_000,
    milestones: [{ title: '服务站挂牌', workingDays: 20 }],
  });
  await call('center_sz', 'POST', `/api/competition-tasks/${review}/bids`, {
    plan: '知识产权评估 + 银行授信联动',
    team: '6 人',
    requestedAmount: 700_000,
  });
  await call('center_fs', 'POST', `/api/competition-tasks/${review}/bids`, {
    plan: '面向制造业企业的专利质押',
    team: '5 人',
    requestedAmount: 500_000,
  });
  const bid = await call('center_fs', 'POST', `/api/competition-tasks/${paid}/bids`, {
    plan: '在顺德、南海、三水设立服务站',
    team: '特派员 9 人',
    requestedAmount: 450_000,
  });
  await new Promise((r) => setTimeout(r, 5_000)); // the bid windows close
  for (const expert of ['expert1', 'expert2'])
    await complete(expert, paid, 'bid_scoring', {
      decision: 'approve',
      comment: '方案可行',
      noConflict: true,
      payload: { feasibility: 88, capability: 85, value: 90 },
    });
  await complete('province_reviewer', paid, 'award', {
    decision: 'approve',
    comment: '评定揭榜单位',
    payload: { winners: [bid.id], reasons: '唯一揭榜单位，专家评分优良' },
  });
  // the award is published (拟立项名单公示); the task agreement follows when the notice period ends
}
