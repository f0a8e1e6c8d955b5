/**
 * One key task of the year's open competition (揭榜挂帅), DOMAIN §6: drafted and published by the
 * Provincial Center; eligible sub-centers bid until the deadline (a durable timer closes the
 * window); experts score each bid (declaring conflicts); the center awards up to the task's
 * number of winners (or none); each winner gets a task agreement (任务书) with milestones,
 * files milestone reports (overdue ones escalate), and passes a final acceptance (验收) that
 * earns its post-subsidy through workflows/payout.ts.
 */
import * as wf from '@temporalio/workflow';
import type { Activities, SubCenterRef } from '../activities/index.js';
import type { Projection } from '../activities/caseChanges.js';
import {
  Acceptance, acceptancePayout, AwardDecision, BidScoring, bidScore, CompetitionTaskInput, isEligible, MilestoneReport, rankBids,
  type AcceptanceResult, type BidInput,
} from '../domain/competition.js';
import type { Actor } from '../domain/roles.js';
import type { TaskDecision } from '../domain/tasks.js';
import { refuse, TaskBoard, type TaskState } from './humanTask.js';
import { actorRef, CaseRecorder, closing, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import { payout, payoutWorkflowId } from './payout.js';

const { computeDeadlines } = wf.proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

export type CompetitionStatus = 'draft' | 'open' | 'expert_review' | 'award' | 'in_progress' | 'closed' | 'unawarded';
export const EXPERTS_PER_BID = 2;
const STEP_DAYS = { scoring: 10, award: 10, review: 10, acceptance: 15, payoutApproval: 10 };

export interface Bid extends BidInput {
  id: string;
  subCenter: Pick<SubCenterRef, 'id' | 'name' | 'organizationId' | 'city' | 'system' | 'category'>;
  submittedBy: string;
  submittedAt: string;
  scores: (BidScoring & { expert: string })[];
  score: number;
  status: 'submitted' | 'won' | 'lost' | 'accepted' | 'failed';
  agreement: { milestones: { title: string; dueAt: string; status: 'pending' | 'reported' | 'accepted'; report: string | null }[]; signedAt: string } | null;
  acceptance: { result: AcceptanceResult; comment: string; by: string } | null;
  payoutId: string | null;
  version: number;
}
export interface CompetitionInput { taskId: string; data: CompetitionTaskInput; createdBy: { id: string; name: string } }
export const competitionWorkflowId = (taskId: string) => `competition-${taskId}`;

export const competitionCreated = wf.defineUpdate<{ id: string; status: CompetitionStatus }>('competitionCreated');
export const editCompetitionTask = wf.defineUpdate<{ id: string; status: CompetitionStatus }, [{ actor: Actor; changes: Partial<CompetitionTaskInput> }]>('editCompetitionTask');
export const publishCompetitionTask = wf.defineUpdate<{ id: string; status: CompetitionStatus }, [{ actor: Actor }]>('publishCompetitionTask');
export const submitBid = wf.defineUpdate<Bid, [{ actor: Actor; subCenter: Bid['subCenter'] & { status: string }; bid: BidInput }]>('submitBid');

export async function competition(input: CompetitionInput): Promise<CompetitionStatus> {
  const { workflowId } = wf.workflowInfo();
  let task: CompetitionTaskInput = input.data;
  let status: CompetitionStatus = 'draft';
  let publishedAt: string | null = null;
  let award: { winners: string[]; reasons: string; by: string } | null = null;
  const bids: Bid[] = [];
  const rec = new CaseRecorder<CompetitionStatus>('competition', workflowId, 'competition_tasks', () => ({
    status,
    columns: { year: task.year, title: task.title },
    body: { ...task, publishedAt, award, bids: bids.map(({ id, subCenter, score, status: s, requestedAmount, acceptance }) => ({ id, subCenter: subCenter.name, score, status: s, requestedAmount, acceptance: acceptance?.result ?? null })) },
  }));
  const bidProjection = (b: Bid): Projection => ({
    table: 'bids',
    columns: { id: b.id, status: b.status, version: ++b.version, created_at: b.submittedAt, competition_id: workflowId, sub_center_id: b.subCenter.id, sub_center_name: b.subCenter.name, organization_id: b.subCenter.organizationId, city: b.subCenter.city, requested_amount: b.requestedAmount },
    body: { ...b, competitionId: workflowId, competitionTitle: task.title },
  });
  const board: TaskBoard<unknown> = new TaskBoard<unknown>({
    snapshot: () => ({ id: workflowId, status, award }),
    record: rec.taskHook(() => board),
    validateDecision: (t, { decision: d, actor }) => validate(t, d, actor),
  });
  const bidOf = (t: TaskState) => bids.find((b) => t.step !== 'award' && b.id === taskBid.get(t.id));
  const taskBid = new Map<string, string>();
  function validate(t: TaskState, d: TaskDecision, actor: Actor) {
    const schema = { bid_scoring: BidScoring, award: AwardDecision, milestone_report: MilestoneReport, acceptance: Acceptance }[t.step];
    if (schema) {
      const parsed = schema.safeParse(d.payload ?? {});
      if (!parsed.success) throw refuse('validation', '表单内容有误 (invalid form)', Object.fromEntries(parsed.error.issues.map((i) => [['payload', ...i.path.map(String)].join('.'), i.message])));
    }
    const bid = bidOf(t);
    if (t.step === 'bid_scoring' && bid) {
      if (d.noConflict !== true) throw refuse('validation', '请先声明无利益冲突 (declare no conflict of interest first)', { noConflict: 'required' });
      if (actor.city === bid.subCenter.city || (actor.organizationId !== null && actor.organizationId === bid.subCenter.organizationId))
        throw refuse('forbidden', '专家与揭榜单位同城或同单位，须回避 (conflict of interest: same city or organisation)');
      if ([...board.tasks.values()].some((o) => o.id !== t.id && taskBid.get(o.id) === bid.id && o.completion?.actor.id === actor.id))
        throw refuse('conflict', '同一专家不能重复评分 (each expert scores a bid once)');
    }
    if (t.step === 'award') {
      const { winners } = AwardDecision.parse(d.payload);
      if (winners.length > task.winners) throw refuse('validation', `最多 ${task.winners} 个揭榜单位 (at most ${task.winners} winners)`, { 'payload.winners': `at most ${task.winners}` });
      if (winners.some((w) => !bids.some((b) => b.id === w))) throw refuse('validation', '揭榜单位不在投标名单中 (unknown bid)', { 'payload.winners': 'unknown bid' });
      const sum = winners.reduce((a, w) => a + bids.find((b) => b.id === w)!.requestedAmount, 0);
      if (sum > task.budget) throw refuse('validation', `申请金额合计 ${sum} 元超过预算 ${task.budget} 元 (exceeds the budget)`, { 'payload.winners': 'requested amounts exceed the budget' });
    }
    if ((t.step === 'milestone_review') && d.decision !== 'approve' && d.decision !== 'return')
      throw refuse('validation', '通过或退回 (approve or return)', { decision: 'approve | return' });
  }
  board.install();

  let ready = false;
  wf.setHandler(competitionCreated, async () => {
    await wf.condition(() => ready && rec.recorded());
    return { id: workflowId, status };
  });
  const isCenter = (a: Actor) => a.roles.includes('provincial_reviewer') || a.roles.includes('admin');
  wf.setHandler(editCompetitionTask, async ({ actor, changes }) => {
    task = { ...task, ...changes };
    await rec.commit({ actor: actorRef(actor), action: 'competition.edited', data: { fields: Object.keys(changes) } });
    return { id: workflowId, status };
  }, {
    validator: ({ actor, changes }) => {
      if (!isCenter(actor)) throw refuse('forbidden', '只有省级中心可以编辑 (Provincial Center only)');
      if (status !== 'draft') throw refuse('conflict', '已发布，不能修改 (published tasks cannot change)');
      const merged = CompetitionTaskInput.safeParse({ ...task, ...changes });
      if (!merged.success) throw refuse('validation', '任务内容有误 (invalid task)', Object.fromEntries(merged.error.issues.map((i) => [i.path.join('.'), i.message])));
    },
  });
  let publishRequest: Actor | null = null;
  wf.setHandler(publishCompetitionTask, async ({ actor }) => {
    publishRequest = actor;
    await wf.condition(() => status !== 'draft' && rec.recorded());
    return { id: workflowId, status };
  }, {
    validator: ({ actor }) => {
      if (!isCenter(actor)) throw refuse('forbidden', '只有省级中心可以发布 (Provincial Center only)');
      if (status !== 'draft' || publishRequest) throw refuse('conflict', '已发布 (already published)');
      if (Date.parse(task.bidDeadline) <= Date.now()) throw refuse('validation', '揭榜截止时间须晚于发布时间 (the bid deadline has passed)', { bidDeadline: 'must be in the future' });
    },
  });
  wf.setHandler(submitBid, async ({ actor, subCenter, bid }) => {
    const entry: Bid = { ...bid, id: wf.uuid4(), subCenter: { id: subCenter.id, name: subCenter.name, organizationId: subCenter.organizationId, city: subCenter.city, system: subCenter.system, category: subCenter.category }, submittedBy: actor.displayName, submittedAt: workflowNow(), scores: [], score: 0, status: 'submitted', agreement: null, acceptance: null, payoutId: null, version: 0 };
    bids.push(entry);
    await rec.commit({ actor: actorRef(actor), action: 'competition.bid_submitted', data: { bidId: entry.id, subCenter: subCenter.name, requestedAmount: bid.requestedAmount } }, { extraProjections: [bidProjection(entry)] });
    return entry;
  }, {
    validator: ({ subCenter, bid }) => {
      if (status !== 'open' || Date.now() > Date.parse(task.bidDeadline)) throw refuse('conflict', '不在揭榜期内 (bidding is not open: late or not yet published)');
      if (subCenter.status !== 'active') throw refuse('forbidden', '已撤销的分中心不能揭榜 (a revoked sub-center cannot bid)');
      if (!isEligible(task, subCenter)) throw refuse('forbidden', '不符合该任务的揭榜条件 (not eligible for this task)');
      if (bids.some((b) => b.subCenter.id === subCenter.id)) throw refuse('conflict', '每个分中心只能揭榜一次 (one bid per sub-center)');
      if (bid.requestedAmount > task.budget) throw refuse('validation', `申请金额不能超过预算 ${task.budget} 元 (exceeds the budget)`, { requestedAmount: `at most ${task.budget}` });
    },
  });

  await rec.commit({ actor: input.createdBy, action: 'competition.drafted' });
  ready = true;
  await wf.condition(() => publishRequest !== null);
  status = 'open';
  publishedAt = workflowNow();
  await rec.commit({ actor: actorRef(publishRequest!), action: 'competition.published', data: { bidDeadline: task.bidDeadline } }, {
    notify: [rec.notify({ role: 'applicant', city: null }, 'competition.published', `揭榜挂帅任务发布: ${task.title}，截止 ${task.bidDeadline}`)],
  });

  // the bid window closes on a durable timer
  await wf.sleep(Math.max(1, Date.parse(task.bidDeadline) - Date.now()));
  await wf.condition(wf.allHandlersFinished);
  if (bids.length === 0) {
    status = 'unawarded';
    await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.closed_unawarded', comment: '无符合条件的揭榜单位 (no eligible bid)' });
    return status;
  }
  status = 'expert_review';
  const scoring = [];
  for (const bid of bids) for (let i = 0; i < EXPERTS_PER_BID; i++) {
    const open = await rec.openTask(board, { step: 'bid_scoring', title: `${task.title} · ${bid.subCenter.name}`, role: 'expert', workingDays: STEP_DAYS.scoring });
    taskBid.set(open.id, bid.id);
    scoring.push(open);
  }
  await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.bidding_closed', data: { bids: bids.length } }, { openTasks: scoring });
  await Promise.all(scoring.map(async ({ id }) => {
    const t = board.tasks.get(id)!;
    const outcome = await board.waitForDecision(t);
    if (outcome.kind !== 'decided') return;
    const bid = bidOf(t)!;
    bid.scores.push({ ...BidScoring.parse(outcome.decision.payload), expert: outcome.actor.displayName });
    bid.score = bidScore(bid.scores);
    await rec.commit({ actor: actorRef(outcome.actor), action: 'competition.bid_scored', comment: outcome.decision.comment, data: { bidId: bid.id } }, { closeTasks: [closing(t.id, 'done', { actor: outcome.actor, decision: 'approve', comment: outcome.decision.comment })], extraProjections: [bidProjection(bid)] });
    board.settle(t);
  }));

  status = 'award';
  const ranked = rankBids(bids);
  const awardTask = await rec.openTask(board, { step: 'award', title: task.title, role: 'provincial_reviewer', workingDays: STEP_DAYS.award });
  await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.ranked', data: { ranking: ranked.map((b) => [b.subCenter.name, b.score]) } }, { openTasks: [awardTask] });
  const decided = await board.waitForDecision(board.tasks.get(awardTask.id)!);
  if (decided.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('award ended without a decision');
  const { winners, reasons } = AwardDecision.parse(decided.decision.payload);
  award = { winners, reasons, by: decided.actor.displayName };
  for (const b of bids) b.status = winners.includes(b.id) ? 'won' : 'lost';
  status = winners.length ? 'in_progress' : 'unawarded';
  await rec.commit({ actor: actorRef(decided.actor), action: winners.length ? 'competition.awarded' : 'competition.closed_unawarded', comment: reasons, data: { winners } }, {
    closeTasks: [closing(awardTask.id, 'done', { actor: decided.actor, decision: 'approve', comment: decided.decision.comment })], extraProjections: bids.map(bidProjection),
    notify: [rec.notify({ role: 'applicant', city: null }, 'competition.awarded', `揭榜挂帅结果公布: ${task.title}`)],
  });
  board.settle(board.tasks.get(awardTask.id)!);

  await Promise.all(bids.filter((b) => b.status === 'won').map(carryOut));
  status = winners.length ? 'closed' : 'unawarded';
  await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.closed', data: { results: bids.filter((b) => b.acceptance).map((b) => ({ subCenter: b.subCenter.name, result: b.acceptance!.result, payoutId: b.payoutId })) } });
  await wf.condition(wf.allHandlersFinished);
  return status;

  /** A winner's agreement, milestone reports and final acceptance, then its payout. */
  async function carryOut(bid: Bid) {
    const dues = await computeDeadlines(workflowNow(), task.milestones.map((m) => m.workingDays));
    bid.agreement = { signedAt: workflowNow(), milestones: task.milestones.map((m, i) => ({ title: m.title, dueAt: dues[i]!, status: 'pending', report: null })) };
    await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.agreement_signed', data: { bidId: bid.id, milestones: bid.agreement.milestones.length } }, { extraProjections: [bidProjection(bid)] });
    const title = `${task.title} · ${bid.subCenter.name}`;
    for (const milestone of bid.agreement.milestones) {
      for (;;) {
        const report = await rec.openTask(board, { step: 'milestone_report', title: `${title} · ${milestone.title}`, role: 'applicant', organizationId: bid.subCenter.organizationId, workingDays: 0, dueAt: milestone.dueAt, supervisorRole: 'provincial_reviewer' });
        await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.milestone_due', data: { bidId: bid.id, milestone: milestone.title, dueAt: milestone.dueAt } }, { openTasks: [report] });
        const filed = await board.waitForDecision(board.tasks.get(report.id)!);
        if (filed.kind !== 'decided') continue;
        const r = MilestoneReport.parse(filed.decision.payload);
        milestone.report = r.progress;
        milestone.status = 'reported';
        await rec.commit({ actor: actorRef(filed.actor), action: 'competition.milestone_reported', comment: r.progress, data: { bidId: bid.id, milestone: milestone.title } }, { closeTasks: [closing(report.id, 'done', { actor: filed.actor, decision: 'approve', comment: filed.decision.comment })], extraProjections: [bidProjection(bid)] });
        board.settle(board.tasks.get(report.id)!);
        const review = await rec.openTask(board, { step: 'milestone_review', title: `${title} · ${milestone.title}`, role: 'provincial_reviewer', workingDays: STEP_DAYS.review });
        await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.milestone_review_opened', data: { bidId: bid.id } }, { openTasks: [review] });
        const reviewed = await board.waitForDecision(board.tasks.get(review.id)!);
        if (reviewed.kind !== 'decided') continue;
        const accepted = reviewed.decision.decision === 'approve';
        milestone.status = accepted ? 'accepted' : 'pending';
        await rec.commit({ actor: actorRef(reviewed.actor), action: accepted ? 'competition.milestone_accepted' : 'competition.milestone_returned', comment: reviewed.decision.comment, data: { bidId: bid.id, milestone: milestone.title } }, { closeTasks: [closing(review.id, 'done', { actor: reviewed.actor, decision: reviewed.decision.decision, comment: reviewed.decision.comment })], extraProjections: [bidProjection(bid)] });
        board.settle(board.tasks.get(review.id)!);
        if (accepted) break;
      }
    }
    const acceptance = await rec.openTask(board, { step: 'acceptance', title, role: 'provincial_reviewer', workingDays: STEP_DAYS.acceptance });
    await rec.commit({ actor: SYSTEM_ACTOR, action: 'competition.acceptance_opened', data: { bidId: bid.id } }, { openTasks: [acceptance] });
    const judged = await board.waitForDecision(board.tasks.get(acceptance.id)!);
    if (judged.kind !== 'decided') throw wf.ApplicationFailure.nonRetryable('acceptance ended without a decision');
    const { result } = Acceptance.parse(judged.decision.payload);
    bid.acceptance = { result, comment: judged.decision.comment, by: judged.actor.displayName };
    bid.status = result === 'failed' ? 'failed' : 'accepted';
    const amount = acceptancePayout(bid.requestedAmount, result);
    if (amount > 0) bid.payoutId = payoutWorkflowId('competition', bid.id);
    await rec.commit({ actor: actorRef(judged.actor), action: `competition.acceptance_${result}`, comment: judged.decision.comment, data: { bidId: bid.id, payout: amount } }, { closeTasks: [closing(acceptance.id, 'done', { actor: judged.actor, decision: result, comment: judged.decision.comment })], extraProjections: [bidProjection(bid)] });
    board.settle(board.tasks.get(acceptance.id)!);
    if (amount > 0)
      await wf.startChild(payout, {
        workflowId: bid.payoutId!, parentClosePolicy: 'ABANDON',
        args: [{ source: 'competition', sourceId: bid.id, subCenter: bid.subCenter, year: task.year, amount, reason: `揭榜挂帅 ${task.title} 验收${result === 'passed' ? '通过' : '有条件通过'}`, budgetKey: workflowId, budget: task.budget, approvalWorkingDays: STEP_DAYS.payoutApproval }],
      });
  }
}
