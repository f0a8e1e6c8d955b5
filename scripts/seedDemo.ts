/**
 * Demo cases in every state, made through the real API and workflows (so they carry real
 * histories): admitted sub-centers across cities and both systems, cases waiting at each review
 * step, a supplement request, a failed threshold, a draft.
 */
import type { createApp } from '../api/app.js';
import { withCheckChar } from '../domain/creditCode.js';
import type { ApplicationData } from '../domain/application.js';
import { DEMO_PASSWORD } from './demoUsers.js';

type App = ReturnType<typeof createApp>;
const plan = (region: string, model: string) => ({
  regionalFeatures: `${region}科技创新资源集聚，产业链完整`,
  serviceTargets: '科技型中小企业、专精特新企业、高新技术企业',
  serviceRegion: `${region}及周边`,
  serviceModel: model,
  innovation: '投贷联动、知识产权质押融资与科技金融特派员驻点结合',
});
const allMet = { venue: true, headExperience: true, stableTeam: true, serviceCapability: true, noViolations: true };
const app = (name: string, code17: string, over: Partial<ApplicationData>): ApplicationData => ({
  orgName: name, creditCode: withCheckChar(code17), system: 'tech_service', category: 'comprehensive', applicantKind: 'municipal',
  city: '广州', plan: plan(over.city ?? '广州', '线上平台撮合 + 线下路演'), checklist: allMet, thresholdFigures: {}, ...over,
});

type Step = ['recommend' | 'admit' | 'return' | 'expert' | 'score', string];
const CASES: { by: string; data: ApplicationData; steps: Step[]; submit?: boolean }[] = [
  { by: 'applicant1', data: app('广州科技金融综合服务中心', '91440101MA5CKJ000', {}), steps: [['recommend', 'gz_reviewer'], ['admit', 'province_reviewer']] },
  { by: 'applicant1', data: app('深圳湾科技金融服务中心', '91440300MA5CKJ001', { city: '深圳', applicantKind: 'provincial_unit' }), steps: [['admit', 'province_reviewer']] },
  { by: 'applicant2', data: app('佛山智能制造产业金融服务中心', '91440600MA5CKJ002', { city: '佛山', category: 'industrial', applicantKind: 'central_enterprise_branch' }), steps: [['admit', 'province_reviewer']] },
  { by: 'applicant1', data: app('中国科技银行广东分行', '91440101MA5CKJ003', { system: 'financial', category: 'bank', applicantKind: 'financial_hq', thresholdFigures: { techLoansIssued: 320_000, nplRatio: 0.32, techCreditProducts: 8 } }), steps: [['admit', 'province_reviewer']] },
  { by: 'applicant2', data: app('粤科创投基金管理有限公司', '91440101MA5CKJ004', { city: '广州', system: 'financial', category: 'venture_capital', applicantKind: 'financial_hq', thresholdFigures: { aum: 450_000, techInvestmentShare: 78 } }), steps: [['admit', 'province_reviewer']] },
  { by: 'applicant1', data: app('广州天河科技金融服务站', '91440106MA5CKJ011', { category: 'specialty' }), steps: [] },
  { by: 'applicant2', data: app('东莞电子信息产业金融服务中心', '91441900MA5CKJ005', { city: '东莞', category: 'industrial' }), steps: [] },
  { by: 'applicant1', data: app('广州南沙跨境科技金融服务站', '91440115MA5CKJ006', { category: 'specialty' }), steps: [['recommend', 'gz_reviewer']] },
  { by: 'applicant1', data: app('广东科技保险服务中心', '91440101MA5CKJ007', { system: 'financial', category: 'insurance', applicantKind: 'financial_hq', thresholdFigures: { techSumInsured: 120_000, exclusiveProducts: 1, techPremiumIncome: 800 } }), steps: [] },
  { by: 'applicant1', data: app('中山专业镇科技金融服务中心', '91442000MA5CKJ008', { city: '中山', category: 'specialty', applicantKind: 'provincial_unit' }), steps: [['expert', 'province_reviewer']] },
  { by: 'applicant1', data: app('广州黄埔科技金融服务中心', '91440112MA5CKJ009', {}), steps: [['return', 'gz_reviewer']] },
  { by: 'applicant2', data: app('东莞松山湖科技金融服务站', '91441900MA5CKJ010', { city: '东莞', category: 'industrial' }), steps: [], submit: false },
];

export async function seedDemoCases(api: App): Promise<number> {
  const tokens = new Map<string, string>();
  const call = async (as: string, method: string, path: string, body?: unknown) => {
    if (!tokens.has(as)) {
      const login = await api.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: as, password: DEMO_PASSWORD }) });
      tokens.set(as, ((await login.json()) as { token: string }).token);
    }
    const res = await api.request(path, { method, headers: { Authorization: `Bearer ${tokens.get(as)}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`demo seed ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const openTask = async (as: string, caseId: string) => (await call(as, 'GET', `/api/tasks?filter=${encodeURIComponent(JSON.stringify({ caseId, status: 'open' }))}`))[0];

  for (const c of CASES) {
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
  return CASES.length;
}
