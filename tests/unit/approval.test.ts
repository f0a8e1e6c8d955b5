import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { admissionSteps, DEFAULT_ADMISSION_RULES, ReviewStep } from '../../domain/admissionRules.js';
import { APPLICANT_STEP, forecastDates, forecastStep, STEP_LABELS, StepConfig, step } from '../../domain/approval.js';
import { COMPETITION_STEPS, DEFAULT_COMPETITION_RULES } from '../../domain/competition.js';
import { DEFAULT_EVALUATION_RULES, EVALUATION_STEPS, evaluationSteps } from '../../domain/evaluation.js';
import { DEFAULT_NOTICE_PERIODS, NOTICE_STEPS, noticeEnd } from '../../domain/notice.js';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../db/reference/cn-workdays-2026.json'), 'utf8'));
const calendar = {
  holidays: file.holidays.flatMap((h: { days: string[] }) => h.days),
  adjustedWorkdays: file.adjustedWorkdays,
};

describe('step configuration (DOMAIN §10)', () => {
  it('defaults a step to one holder deciding, escalating when nobody can act', () => {
    const s = StepConfig.parse({ reviewers: { role: 'provincial_reviewer' }, workingDays: 15 });
    expect(s).toMatchObject({
      mode: 'single',
      passRatio: 1,
      whenNobody: 'escalate',
      supervisorRole: 'admin',
      reviewers: { role: 'provincial_reviewer', cityScoped: false, count: 1 },
    });
  });

  it('reads a stored configuration back as it was written (named reviewers stay named)', () => {
    const named = StepConfig.parse({
      mode: 'all',
      reviewers: { users: ['province_reviewer', 'province_reviewer2'] },
      workingDays: 15,
    });
    expect(StepConfig.parse(JSON.parse(JSON.stringify(named)))).toEqual(named);
    expect(StepConfig.parse(JSON.parse(JSON.stringify(named))).reviewers).toMatchObject({
      users: ['province_reviewer', 'province_reviewer2'],
    });
    const pooled = StepConfig.parse({ mode: 'all', reviewers: { role: 'expert', count: 3 }, workingDays: 10 });
    expect(StepConfig.parse(JSON.parse(JSON.stringify(pooled)))).toEqual(pooled);
  });

  it('refuses a pass ratio outside 会签 and a single step with two reviewers, naming the field', () => {
    const ratio = StepConfig.safeParse({
      mode: 'any',
      passRatio: 0.5,
      reviewers: { users: ['a', 'b'] },
      workingDays: 5,
    });
    expect(ratio.success).toBe(false);
    expect(ratio.error!.issues.map((i) => i.path.join('.'))).toContain('passRatio');
    const single = StepConfig.safeParse({ mode: 'single', reviewers: { role: 'expert', count: 2 }, workingDays: 5 });
    expect(single.error!.issues.map((i) => i.path.join('.'))).toContain('reviewers');
  });

  it('makes evaluation and competition expert scoring 会签 panels by default', () => {
    expect(evaluationSteps(DEFAULT_EVALUATION_RULES).expert_scoring).toMatchObject({
      mode: 'all',
      reviewers: { role: 'expert', count: DEFAULT_EVALUATION_RULES.expertsPerEvaluation },
    });
    expect(DEFAULT_COMPETITION_RULES.steps.bid_scoring).toMatchObject({
      mode: 'all',
      reviewers: { role: 'expert', count: 2 },
    });
  });

  it('reads a rule set from before the engine (SLA only) as single steps with the same deadlines', () => {
    const sla = (workingDays: number) => ({
      workingDays,
      escalateAfterWorkingDays: 2,
      supervisorRole: 'provincial_reviewer' as const,
    });
    const legacy = {
      ...DEFAULT_ADMISSION_RULES,
      steps: undefined,
      sla: { municipal_review: sla(7), provincial_review: sla(15), expert_review: sla(10), site_inspection: sla(20) },
    };
    expect(admissionSteps(legacy).municipal_review).toMatchObject({
      mode: 'single',
      workingDays: 7,
      escalateAfterWorkingDays: 2,
      supervisorRole: 'provincial_reviewer',
      reviewers: { role: 'municipal_reviewer', cityScoped: true },
    });
  });
});

describe('流程预测 dates on the 2026 calendar', () => {
  it('skips the National Day holiday and counts the 10 October make-up working day', () => {
    const from = new Date('2026-09-28T02:00:00Z'); // Monday 10:00 in Shanghai
    const [first, second] = forecastDates(
      [
        forecastStep('municipal_review', step('municipal_reviewer', 3, { cityScoped: true }), '广州'),
        forecastStep('provincial_review', step('provincial_reviewer', 5), '广州'),
      ],
      from,
      calendar,
    );
    // 29 and 30 September, then 1–7 October off: the third working day is Thursday 8 October
    expect(first!.dueAt).toBe('2026-10-08T15:59:59.999Z');
    expect(first!.reviewers).toEqual({ role: 'municipal_reviewer', city: '广州', count: 1 });
    // 9 October, Saturday 10 October (调休), 12, 13, 14 October
    expect(second!.dueAt).toBe('2026-10-14T15:59:59.999Z');
  });

  it('keeps the due date of the step in progress', () => {
    const [current, next] = forecastDates(
      [
        {
          ...forecastStep('provincial_review', step('provincial_reviewer', 15), null),
          dueAt: '2026-02-13T15:59:59.999Z',
        },
        forecastStep('award', step('provincial_reviewer', 1), null),
      ],
      new Date('2026-02-01T00:00:00Z'),
      calendar,
    );
    expect(current!.dueAt).toBe('2026-02-13T15:59:59.999Z');
    // Saturday 14 February is a make-up working day before the Spring Festival
    expect(next!.dueAt).toBe('2026-02-14T15:59:59.999Z');
  });
});

describe('公示 periods on the 2026 calendar (DOMAIN §9)', () => {
  const published = new Date('2026-09-28T02:00:00Z'); // Monday 28 September, 10:00 in Shanghai
  it('counts 5 working days across the National Day holiday, with the make-up Saturday', () => {
    // 29, 30 September; 1–7 October off; 8, 9 October; Saturday 10 October (调休)
    expect(noticeEnd(published, DEFAULT_NOTICE_PERIODS.admission, calendar).toISOString()).toBe(
      '2026-10-10T15:59:59.999Z',
    );
  });
  it('counts 7 calendar days for evaluation results, holidays included', () => {
    expect(noticeEnd(published, DEFAULT_NOTICE_PERIODS.evaluation, calendar).toISOString()).toBe(
      '2026-10-05T15:59:59.999Z',
    );
  });
});

describe('step names', () => {
  it('names every step of every process in both languages (the approval sheet, forecasts and the console)', () => {
    for (const s of [APPLICANT_STEP, ...ReviewStep.options, ...EVALUATION_STEPS, ...COMPETITION_STEPS, ...NOTICE_STEPS])
      expect(STEP_LABELS[s], s).toEqual({ zh: expect.stringMatching(/\p{Script=Han}/u), en: expect.any(String) });
  });
});
