/**
 * The state and steps of one evaluation round (workflows/evaluationRound.ts runs them in order):
 * its record, the sub-centers due and their scores, the 公示 of the grades with its 核查 and 复核,
 * and the results with their post-subsidies.
 */

import * as wf from '@temporalio/workflow';
import type { Activities, SubCenterRef } from '../activities/index.js';
import { type Graded, gradeRound, type Scored, subsidyAmounts } from '../domain/evaluation.js';
import { DEFAULT_NOTICE_PERIODS } from '../domain/notice.js';
import { db } from './activities.js';
import { type CaseEngine, caseEngineWithNotice } from './caseEngine.js';
import { CaseRecorder, projectionOf, SYSTEM_ACTOR } from './caseRecorder.js';
import { evaluation, evaluationScored, evaluationWorkflowId, gradeAssigned } from './evaluation.js';
import { type RoundInput, type RoundStatus, roundOpened } from './evaluationRoundUpdates.js';
import { KejinSystem } from './names.js';
import { NOTICE_PATCH } from './publicNotice.js';
import { since } from './versions.js';

const GRADE_WORDS = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

/** A round's state and its steps, for workflows/evaluationRound.ts to run. */
export function evaluationRoundCase(input: RoundInput) {
  const { workflowId } = wf.workflowInfo();
  let status: RoundStatus = 'in_progress';
  let participants: SubCenterRef[] = [];
  let results: (Graded & { name: string; city: string; subsidy: number })[] = [];
  let ruleVersion = 0;
  const scores = new Map<string, Scored>();
  const rec = new CaseRecorder<RoundStatus>('evaluation_round', workflowId, () => ({
    status,
    write: projectionOf(
      'evaluation_rounds',
      workflowId,
      status,
      { year: input.year, system: input.system },
      {
        year: input.year,
        system: input.system,
        openedBy: input.openedBy.name,
        ruleVersion,
        participants: participants.map((p) => ({
          id: p.id,
          name: p.name,
          city: p.city,
          category: p.category,
          scored: [...scores.values()].some((s) => s.subCenterId === p.id),
        })),
        results,
        commendations:
          input.system === 'financial' ? results.filter((r) => r.grade === 'excellent').map((r) => r.name) : [],
      },
    ),
  }));
  let opened = false;
  wf.setHandler(roundOpened, async () => {
    await wf.condition(() => opened && rec.recorded());
    return { id: workflowId, status, participants: participants.length };
  });
  wf.setHandler(evaluationScored, (s) => void scores.set(s.evaluationId, s));
  let rulesInForce: Awaited<ReturnType<Activities['loadEvaluationRules']>>['rules'] | null = null;
  const noticeSpec = () => ({
    kind: 'evaluation' as const,
    period: rulesInForce?.noticePeriod ?? DEFAULT_NOTICE_PERIODS.evaluation,
    results: GRADE_WORDS,
    removable: false,
  });
  // the round's only human steps are the 核查 and 复核 of its published results
  const { engine, notice }: CaseEngine = caseEngineWithNotice(
    rec,
    {
      snapshot: () => ({ id: workflowId, status }),
      record: rec.record,
      decisions: () => [],
      validateDecision: () => {},
    },
    noticeSpec,
  );
  wf.upsertSearchAttributes([{ key: KejinSystem, value: input.system }]);

  return {
    /** The sub-centers due this year, under the rule set in force: the round opens. */
    async opened() {
      const loaded = await db().loadEvaluationRules();
      rulesInForce = loaded.rules;
      ruleVersion = loaded.version;
      participants = await db().listDueSubCenters(input.year, input.system);
      await rec.commit({
        actor: input.openedBy,
        action: 'round.opened',
        data: { participants: participants.length, ruleVersion },
      });
      opened = true;
    },
    /** One evaluation per sub-center, until every one is scored. */
    async evaluateEach() {
      for (const sc of participants) {
        await wf.startChild(evaluation, {
          workflowId: evaluationWorkflowId(sc.id, input.year),
          parentClosePolicy: 'ABANDON',
          args: [{ roundId: workflowId, year: input.year, subCenter: sc, rules: rulesInForce!, ruleVersion }],
        });
      }
      await wf.condition(() => scores.size === participants.length);
    },
    /** Bands and bottom elimination; the grades' 公示 (an upheld objection corrects a grade). */
    async grade() {
      const graded = gradeRound([...scores.values()], rulesInForce!, input.system);
      if (since(NOTICE_PATCH)) await noticeOfResults(graded);
      return graded;
    },
    /** Post-subsidies within the year's budget, the results published, each evaluation told its grade. */
    async publish(graded: Graded[]) {
      const budgetKey = `evaluation-subsidy-${input.year}`;
      const subsidies =
        input.system === 'tech_service'
          ? subsidyAmounts(graded, rulesInForce!, await db().budgetLeft(budgetKey, rulesInForce!.subsidy.annualBudget))
          : [];
      results = graded.map((g) => {
        const sc = participants.find((p) => p.id === g.subCenterId)!;
        return {
          ...g,
          name: sc.name,
          city: sc.city,
          subsidy: subsidies.find((s) => s.evaluationId === g.evaluationId)?.amount ?? 0,
        };
      });
      status = 'graded';
      await rec.commit(
        {
          actor: SYSTEM_ACTOR,
          action: 'round.graded_and_published',
          data: { graded: results.length, eliminated: results.filter((r) => r.eliminated).length },
        },
        {
          notify: [
            rec.notify({ role: 'applicant', city: null }, 'round.published', `${input.year} 年度绩效评价结果已公布`),
          ],
        },
      );
      for (const r of results)
        await wf.getExternalWorkflowHandle(r.evaluationId).signal(gradeAssigned, {
          grade: r.grade,
          rank: r.rank,
          eliminated: r.eliminated,
          subsidy: r.subsidy,
          budgetKey,
        });
      if (notice.started()) await notice.closed();
      await wf.condition(wf.allHandlersFinished);
      return graded;
    },
  };

  /** 公示 of the results; an upheld objection corrects a grade before anything follows from it. */
  async function noticeOfResults(list: Graded[]) {
    const named = (g: Graded) => participants.find((p) => p.id === g.subCenterId)!;
    results = list.map((g) => ({ ...g, name: named(g).name, city: named(g).city, subsidy: 0 }));
    status = 'public_notice';
    const items = list.map((g) => {
      const sc = named(g);
      return {
        id: g.evaluationId,
        orgName: sc.name,
        city: sc.city,
        system: sc.system,
        category: sc.category,
        result: GRADE_WORDS[g.grade],
        code: g.grade,
        organizationId: sc.organizationId,
      };
    });
    await notice.open(items, () =>
      rec.commit({ actor: SYSTEM_ACTOR, action: 'round.graded_for_notice', data: { graded: list.length } }),
    );
    for (const item of (await notice.final())!) {
      const g = list.find((x) => x.evaluationId === item.id)!;
      if (g.grade !== item.code)
        Object.assign(g, { grade: item.code as Graded['grade'], eliminated: item.code === 'fail' && g.eliminated });
    }
  }
}
