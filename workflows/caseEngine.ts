/**
 * How a case starts its approval engine (workflows/approvalEngine.ts): the engine with the case's
 * hooks, and for a process with a 公示 the notice stage beside it, the 核查 and 复核 steps merged
 * into its hooks; their Updates installed.
 */
import { say } from '../domain/messages.js';
import { NOTICE_RESULTS_EN, NOTICE_STEPS, ObjectionCheck, ReviewDecision } from '../domain/notice.js';

import { ApprovalEngine, type ApprovalEngineHooks, refuse } from './approvalEngine.js';
import { type NoticeSpec, NoticeStage } from './publicNotice.js';

/** A case's approval engine, its Updates installed. */
export function caseEngine(hooks: ApprovalEngineHooks): ApprovalEngine {
  const engine = new ApprovalEngine(hooks);
  engine.install();
  return engine;
}

/** A case's engine and its 公示. */
export interface CaseEngine {
  engine: ApprovalEngine;
  notice: NoticeStage;
}

/** A case's approval engine and its 公示, their Updates installed. */
export function caseEngineWithNotice(
  rec: ConstructorParameters<typeof NoticeStage>[0],
  hooks: ApprovalEngineHooks,
  spec: () => NoticeSpec,
): CaseEngine {
  const engine = caseEngine(withNoticeSteps(hooks, spec));
  const notice = new NoticeStage(rec, engine, spec);
  notice.install();
  return { engine, notice };
}

/** The engine hooks of the 核查 and 复核 steps, merged into a process's own. */
function withNoticeSteps(
  hooks: ApprovalEngineHooks,
  spec: () => Pick<NoticeSpec, 'results' | 'removable'>,
): ApprovalEngineHooks {
  return {
    ...hooks,
    decisions: (task) => (NOTICE_STEPS.includes(task.step) ? ['approve', 'reject'] : hooks.decisions(task)),
    // upheld: what changes, in words (the list's results), never a typed internal code
    formFields: (task) => {
      if (!NOTICE_STEPS.includes(task.step)) return hooks.formFields?.(task) ?? [];
      const { results, removable } = spec();
      const change = task.step === 'objection_check' && removable;
      return [
        ...(change
          ? [
              {
                name: 'payload.action',
                kind: 'choice' as const,
                required: true,
                when: 'approve',
                label: { zh: '处理方式', en: 'What changes' },
                options: [
                  { value: 'remove', label: { zh: '从名单中删除', en: 'Take it off the list' } },
                  { value: 'change', label: { zh: '改正其结果', en: 'Change its result' } },
                ],
              },
            ]
          : []),
        {
          name: 'payload.code',
          kind: 'choice' as const,
          required: !change,
          when: 'approve',
          label: { zh: '变更后的结果', en: 'New result' },
          options: Object.entries(results).map(([code, words]) => ({
            value: code,
            label: { zh: words, en: NOTICE_RESULTS_EN[code] ?? words },
          })),
        },
      ];
    },
    validateDecision: (task, cmd) => {
      if (!NOTICE_STEPS.includes(task.step)) return hooks.validateDecision(task, cmd);
      if (cmd.decision.decision !== 'approve') return;
      const form = (task.step === 'objection_check' ? ObjectionCheck : ReviewDecision).safeParse(
        cmd.decision.payload ?? {},
      );
      const code = form.success ? form.data.code : undefined;
      const remove =
        task.step === 'objection_check' && form.success && 'action' in form.data && form.data.action === 'remove';
      const { results, removable } = spec();
      if (remove && !removable)
        throw refuse('validation', say('changeResultInstead'), {
          'payload.action': say('changeItsResultInstead'),
        });
      if (!remove && !(code && code in results))
        throw refuse('validation', say('chooseWhatChanges'), {
          'payload.code': say('chooseNewResult'),
        });
    },
  };
}
