import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMISSION_RULES } from '../../domain/admissionRules.js';
import { ApplicationDraftInput, firstReviewStep, submissionProblems } from '../../domain/application.js';
import { evaluateThresholds, failedThresholds } from '../../domain/thresholds.js';
import { buildApplication, buildBankApplication } from '../support/builders.js';

describe('routing of a new application (DOMAIN §3)', () => {
  it('sends a city tech-service applicant to its municipal bureau first', () => {
    expect(firstReviewStep({ system: 'tech_service', applicantKind: 'municipal' })).toBe('municipal_review');
  });
  it('sends provincial units, central-enterprise branches and financial institutions straight to the Provincial Center', () => {
    expect(firstReviewStep({ system: 'tech_service', applicantKind: 'provincial_unit' })).toBe('provincial_review');
    expect(firstReviewStep({ system: 'tech_service', applicantKind: 'central_enterprise_branch' })).toBe(
      'provincial_review',
    );
    expect(firstReviewStep({ system: 'financial', applicantKind: 'financial_hq' })).toBe('provincial_review');
  });
});

describe('admission thresholds of financial applicants (DOMAIN §3)', () => {
  it('checks each configured bank threshold, with the direction of the rule', () => {
    const results = evaluateThresholds(
      'bank',
      { techLoansIssued: 100_000, nplRatio: 3.01, techCreditProducts: 2 },
      DEFAULT_ADMISSION_RULES.thresholds,
    );
    expect(results.map((r) => [r.key, r.passed])).toEqual([
      ['techLoansIssued', true],
      ['nplRatio', false],
      ['techCreditProducts', false],
    ]);
    expect(failedThresholds(results).map((r) => r.label)).toEqual(['坏账率', '科技信贷产品数']);
  });
  it('fails a threshold whose figure is missing', () => {
    const [aum] = evaluateThresholds(
      'venture_capital',
      { techInvestmentShare: 80 },
      DEFAULT_ADMISSION_RULES.thresholds,
    );
    expect(aum).toMatchObject({ key: 'aum', value: null, passed: false });
  });
  it('has no thresholds for kinds the rule set does not configure', () => {
    expect(evaluateThresholds('factoring', {}, DEFAULT_ADMISSION_RULES.thresholds)).toEqual([]);
  });
});

describe('application input', () => {
  it('requires a financial applicant to be a financial institution HQ and a tech category to be tech-service', () => {
    const r = ApplicationDraftInput.safeParse({
      ...buildApplication(),
      system: 'financial',
      category: 'bank',
      applicantKind: 'municipal',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['applicantKind']);
  });
  it('lists what a submission still lacks, including the threshold figures of the kind', () => {
    const problems = submissionProblems({ ...buildBankApplication(), plan: {}, thresholdFigures: { nplRatio: 1 } });
    expect(Object.keys(problems)).toEqual(
      expect.arrayContaining([
        'plan.innovation',
        'thresholdFigures.techLoansIssued',
        'thresholdFigures.techCreditProducts',
      ]),
    );
    expect(problems).not.toHaveProperty('thresholdFigures.nplRatio');
    expect(submissionProblems(buildApplication())).toEqual({});
  });
});
