/**
 * The state and steps of one revocation (workflows/revocation.ts runs them in order): its record,
 * the approval engine with the statement and the decision, the 公示 of the decision, and the
 * sub-center's 撤回 of its statement.
 */

import * as wf from '@temporalio/workflow';
import { APPLICANT_STEP, forecastStep, step } from '../domain/approval.js';
import { say } from '../domain/messages.js';
import { DEFAULT_NOTICE_PERIODS } from '../domain/notice.js';
import { shanghaiMinute } from '../domain/workdays.js';
import { auditActor, refuse, type StepOutcome } from './approvalEngine.js';
import { type CaseEngine, caseEngineWithNotice } from './caseEngine.js';
import { actorRef, CaseRecorder, projectionOf, SYSTEM_ACTOR, workflowNow } from './caseRecorder.js';
import { KejinCity, KejinSystem } from './names.js';
import { NOTICE_PATCH } from './publicNotice.js';
import { Recall } from './recall.js';
import { type RevocationInput, type RevocationStatus, revocationOpened, Statement } from './revocationUpdates.js';
import { since } from './versions.js';

const RESULTS = { revoke: '拟撤销分中心资格', keep: '保留分中心资格' };

/** How the statement period opens again, and the step outcome that led to it. */
interface Reopening {
  actor: { id: string; name: string; actingFor?: string | null };
  action: string;
  comment: string;
  closeTasks: StepOutcome['closing'];
  dueAt?: string;
  outcome: StepOutcome;
}

/** A revocation's state and its steps, for workflows/revocation.ts to run. */
export function revocationCase(input: RevocationInput) {
  const { workflowId } = wf.workflowInfo();
  const sc = input.subCenter;
  const steps = input.steps ?? {
    statement: step('applicant', input.statementWorkingDays),
    revocation_decision: step('provincial_reviewer', input.decisionWorkingDays),
  };
  let status: RevocationStatus = 'statement_period';
  let statement: { text: string; by: string; at: string } | null = null;
  let statementDueAt: string | null = null;
  let decision: { by: string; comment: string; at: string } | null = null;
  const rec = new CaseRecorder<RevocationStatus>('revocation', workflowId, () => ({
    status,
    write: projectionOf(
      'revocations',
      workflowId,
      status,
      {
        sub_center_id: sc.id,
        sub_center_name: sc.name,
        organization_id: sc.organizationId,
        city: sc.city,
        trigger: input.trigger,
      },
      {
        subCenter: sc,
        trigger: input.trigger,
        reason: input.reason,
        requestedBy: input.requestedBy.name,
        evaluationId: input.evaluationId ?? null,
        statementDueAt,
        statement,
        decision,
      },
    ),
  }));
  let opened = false;
  wf.setHandler(revocationOpened, async () => {
    await wf.condition(() => opened && rec.recorded());
    return { id: workflowId, status };
  });
  const noticeSpec = () => ({
    kind: 'revocation' as const,
    period: input.noticePeriod ?? DEFAULT_NOTICE_PERIODS.revocation,
    results: RESULTS,
    removable: false,
    onRevised: async (item: { code: string }) => {
      if (item.code !== 'keep' || status !== 'revoked') return;
      status = 'kept';
      await rec.commit(
        { actor: SYSTEM_ACTOR, action: 'revocation.reinstated', comment: say('keptAfterReview') },
        { reinstateSubCenter: { id: sc.id } },
      );
    },
  });
  const { engine, notice }: CaseEngine = caseEngineWithNotice(
    rec,
    {
      snapshot: () => ({ id: workflowId, status, statement, decision }),
      record: rec.record,
      decisions: (task) => (task.step === 'statement' ? ['approve'] : ['approve', 'reject', 'return']),
      // 退回: the decision asks the sub-center for a further statement, with a new period
      returnTargets: () => [APPLICANT_STEP],
      isParty: (a) => a.organizationId !== null && a.organizationId === sc.organizationId,
      validateDecision: (task, { decision: d }) => {
        if (task.step === 'statement' && !Statement.safeParse(d.payload ?? {}).success)
          throw refuse('validation', say('statementRequired'), {
            'payload.statement': say('required'),
          });
      },
      // the steps ahead, then the 公示 of a decision to revoke and its 复核 window
      forecast: () => {
        if (status !== 'statement_period' && status !== 'decision') return notice.forecast();
        const ahead =
          status === 'statement_period'
            ? (['statement', 'revocation_decision'] as const)
            : (['revocation_decision'] as const);
        return [
          ...ahead.map((s, i) =>
            forecastStep(s, steps[s], sc.city, i === 0 ? engine.openTasks()[0]?.dueAt : undefined),
          ),
          ...notice.forecast(),
        ];
      },
    },
    noticeSpec,
  );
  const recall = new Recall(engine, {
    isParty: (a) => a.organizationId !== null && a.organizationId === sc.organizationId,
    snapshot: () => ({ id: workflowId, status }),
    recorded: () => rec.recorded(),
    what: { zh: '陈述申辩', en: 'statement' },
  });
  recall.install();
  wf.upsertSearchAttributes([
    { key: KejinCity, value: sc.city },
    { key: KejinSystem, value: sc.system },
  ]);

  return {
    statementPeriod,
    decisionStep,
    reopening,
    conclude,
    /** Every Update answered: the case's last word. */
    async end() {
      await wf.condition(wf.allHandlersFinished);
      return status;
    },
  };

  function spec(name: 'statement' | 'revocation_decision', dueAt?: string) {
    return {
      step: name,
      title: sc.name,
      config: steps[name],
      city: sc.city,
      organizationId: name === 'statement' ? sc.organizationId : null,
      expireAtDue: name === 'statement',
      dueAt,
      abandon: name === 'revocation_decision' ? recall.asked : undefined,
    };
  }

  /** Why the statement period opens again: a decision sent back (new period) or a statement recalled (same period). */
  function reopening(o: StepOutcome): Reopening {
    if (o.kind === 'decided')
      return {
        actor: auditActor(o.actor, o.by),
        action: 'revocation.returned_for_statement',
        comment: o.decision.comment,
        closeTasks: o.closing,
        outcome: o,
      };
    const r = recall.take()!;
    return {
      actor: actorRef(r.actor),
      action: 'revocation.statement_recalled',
      comment: r.comment,
      closeTasks: o.closing,
      dueAt: r.dueAt ?? undefined,
      outcome: o,
    };
  }

  /** The sub-center is told why and may state its case (陈述申辩) until the period ends. */
  async function statementPeriod(back?: Reopening) {
    const { run, toOpen } = await engine.open(spec('statement', back?.dueAt));
    statementDueAt = toOpen[0]!.dueAt;
    const why = back?.comment ?? input.reason;
    status = 'statement_period';
    await rec.commit(
      {
        actor: back?.actor ?? input.requestedBy,
        action: back?.action ?? 'revocation.notified',
        comment: why,
        data: { trigger: input.trigger, statementDueAt },
      },
      {
        closeTasks: back?.closeTasks,
        openTasks: toOpen,
        notify: [
          rec.notify(
            { role: 'applicant', organizationId: sc.organizationId },
            'revocation.notified',
            `${sc.name}: 拟撤销资质，请于 ${shanghaiMinute(statementDueAt!)} 前陈述申辩 — ${why}`,
          ),
        ],
      },
    );
    if (back) engine.finish(back.outcome);
    if (back?.outcome.kind === 'abandoned') recall.done();
    opened = true;
    return engine.outcome(run);
  }

  /** The Provincial Center decides, with the statement (or its absence) on record. */
  async function decisionStep(filed: StepOutcome) {
    status = 'decision';
    const { run, toOpen } = await engine.open(spec('revocation_decision'));
    if (filed.kind === 'decided') {
      statement = {
        text: Statement.parse(filed.decision.payload).statement,
        by: filed.actor.displayName,
        at: workflowNow(),
      };
      await rec.commit(
        { actor: auditActor(filed.actor, filed.by), action: 'revocation.statement_filed', comment: statement.text },
        {
          closeTasks: filed.closing.map((c) =>
            c.status === 'done' ? { ...c, decision: 'statement', comment: statement!.text } : c,
          ),
          openTasks: toOpen,
        },
      );
    } else {
      await rec.commit(
        {
          actor: SYSTEM_ACTOR,
          action: 'revocation.statement_lapsed',
          comment: statement ? '撤回后逾期未重新提交，以原陈述申辩为准' : say('noStatementFiledInTime'),
        },
        { closeTasks: filed.closing, openTasks: toOpen },
      );
    }
    engine.finish(filed);
    if (filed.kind === 'decided') recall.offer(run, statementDueAt);
    return engine.outcome(run);
  }

  async function conclude(o: Extract<StepOutcome, { kind: 'decided' }>) {
    const d = o.decision;
    decision = { by: o.actor.displayName, comment: d.comment, at: workflowNow() };
    const actor = auditActor(o.actor, o.by);
    if (d.decision !== 'approve') {
      status = 'kept';
      await rec.commit({ actor, action: 'revocation.kept', comment: d.comment }, { closeTasks: o.closing });
      return engine.finish(o);
    }
    if (!since(NOTICE_PATCH)) {
      // cases decided before the notice stage existed: revoked at once
      await revoke({ actor, comment: d.comment }, o.closing);
      return engine.finish(o);
    }
    status = 'public_notice';
    const item = {
      id: sc.id,
      orgName: sc.name,
      city: sc.city,
      system: sc.system,
      category: '',
      result: RESULTS.revoke,
      code: 'revoke',
      organizationId: sc.organizationId,
    };
    await notice.open([item], () =>
      rec.commit({ actor, action: 'revocation.approved_for_notice', comment: d.comment }, { closeTasks: o.closing }),
    );
    engine.finish(o);
    const [final] = (await notice.final())!;
    if (final?.code === 'keep') {
      status = 'kept';
      await rec.commit({
        actor: SYSTEM_ACTOR,
        action: 'revocation.kept_after_notice',
        comment: say('keptObjectionUpheld'),
      });
    } else await revoke({ actor: SYSTEM_ACTOR, comment: `公示期满，撤销资格：${d.comment}` }, []);
    await notice.closed();
  }

  /** Off the active roster, published to the sub-center's own users. */
  async function revoke(
    by: { actor: { id: string; name: string; actingFor?: string | null }; comment: string },
    closeTasks: StepOutcome['closing'],
  ) {
    status = 'revoked';
    await rec.commit(
      { ...by, action: 'revocation.revoked', data: { published: true } },
      {
        closeTasks,
        revokeSubCenter: { id: sc.id, reason: decision!.comment },
        notify: [
          rec.notify(
            { role: 'applicant', organizationId: sc.organizationId },
            'revocation.published',
            `撤销公告: ${sc.name} — ${decision!.comment}`,
          ),
        ],
      },
    );
  }
}
