/** The demo's open competition (揭榜挂帅): this year's key tasks at each stage. */

import { type App, demoClient } from './seedDemo.js';

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
