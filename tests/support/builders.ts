import { randomInt, randomUUID } from 'node:crypto';
import type { ApplicationData } from '../../domain/application.js';
import type { CompetitionTaskInput } from '../../domain/competition.js';
import { withCheckChar } from '../../domain/creditCode.js';
import { type PayoutInput, payoutWorkflowId } from '../../workflows/payout.js';
import { type RevocationInput, revocationWorkflowId } from '../../workflows/revocation.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A fresh, valid unified social credit code (GB 32100), so tests never collide. */
export function uniqueCreditCode(prefix = '91440101'): string {
  let body = prefix;
  while (body.length < 17) body += ALPHABET[randomInt(ALPHABET.length)];
  return withCheckChar(body);
}

const plan = {
  regionalFeatures: '立足广州科技创新走廊，服务电子信息与生物医药产业集群',
  serviceTargets: '初创期、成长期科技型中小企业',
  serviceRegion: '广州市及周边地区',
  serviceModel: '线上平台撮合 + 线下路演与特派员驻点',
  innovation: '科技信贷风险补偿与投贷联动结合',
};
const checklist = { venue: true, headExperience: true, stableTeam: true, serviceCapability: true, noViolations: true };

/** A complete city tech-service application (广州, goes through municipal recommendation). */
export function buildApplication(overrides: Partial<ApplicationData> = {}): ApplicationData {
  return {
    orgName: `测试科技金融服务机构-${randomUUID().slice(0, 6)}`,
    creditCode: uniqueCreditCode(),
    system: 'tech_service',
    category: 'comprehensive',
    applicantKind: 'municipal',
    city: '广州',
    plan,
    checklist,
    thresholdFigures: {},
    ...overrides,
  };
}

/** A complete bank application whose figures pass the default thresholds. */
export function buildBankApplication(overrides: Partial<ApplicationData> = {}): ApplicationData {
  return buildApplication({
    orgName: `测试银行广东分行-${randomUUID().slice(0, 6)}`,
    system: 'financial',
    category: 'bank',
    applicantKind: 'financial_hq',
    city: '广州',
    thresholdFigures: { techLoansIssued: 250_000, nplRatio: 0.32, techCreditProducts: 6 },
    ...overrides,
  });
}

/** A payout for a sub-center a test inserted, with its workflow ID (payout-<source>-<sourceId>). */
export function buildPayout(sc: { id: string; organizationId: string }, name: string, over: Partial<PayoutInput> = {}) {
  const input: PayoutInput = {
    source: 'evaluation',
    sourceId: `test-${sc.id}`,
    subCenter: { id: sc.id, name, organizationId: sc.organizationId, city: '广州' },
    year: 2026,
    amount: 100_000,
    reason: '年度评价良好',
    budgetKey: `test-${sc.id}`,
    budget: 1_000_000,
    approvalWorkingDays: 10,
    ...over,
  };
  return { workflowId: payoutWorkflowId(input.source, input.sourceId), input };
}

/** A key task of the open competition, its bids due 10 days after `now` (ms), as the Provincial Center drafts it. */
export function buildCompetitionTask(now: number, over: Partial<CompetitionTaskInput> = {}): CompetitionTaskInput {
  return {
    year: 2026,
    title: '科技型中小企业首贷服务攻坚',
    goal: '提升首贷户数量',
    deliverables: '首贷服务报告、企业名单',
    eligibility: { systems: ['tech_service'], categories: [] },
    bidDeadline: new Date(now + 10 * 86_400_000).toISOString(),
    winners: 1,
    budget: 1_000_000,
    milestones: [
      { title: '中期报告', workingDays: 20 },
      { title: '年度总结', workingDays: 60 },
    ],
    ...over,
  };
}

/** A revocation of a sub-center a test inserted, for a violation, with its workflow ID. */
export function buildRevocation(sc: { id: string; organizationId: string }, name: string, reason: string) {
  const input: RevocationInput = {
    subCenter: { id: sc.id, name, organizationId: sc.organizationId, city: '广州', system: 'tech_service' },
    trigger: 'violation',
    reason,
    requestedBy: { id: 'r', name: '省级中心' },
    statementWorkingDays: 10,
    decisionWorkingDays: 10,
  };
  return { workflowId: revocationWorkflowId(sc.id), input };
}
