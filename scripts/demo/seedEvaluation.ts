/**
 * The demo's evaluation year: sub-centers on the roster before Kejin (imported), this year's round
 * open with self-reports at each stage, and the 2024 results paid.
 */

import type { Client } from '@temporalio/client';
import type { Db } from '../../db/index.js';
import { registerOrganization } from '../../db/queries/users.js';
import { withCheckChar } from '../../domain/creditCode.js';
import { DEFAULT_EVALUATION_RULES } from '../../domain/evaluation.js';
import { HOW_TO_OBJECT, NOTICE_TITLES } from '../../domain/notice.js';
import { TASK_QUEUE } from '../../workflows/names.js';
import { payout, payoutWorkflowId } from '../../workflows/payout.js';
import { type App, demoClient } from './seedDemo.js';

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
