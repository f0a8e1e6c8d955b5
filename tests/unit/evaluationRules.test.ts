import { describe, expect, it } from 'vitest';
import {
  dueForEvaluation,
  eliminatedCount,
  gradeRound,
  profileFor,
  qualitativeScore,
  quantitativeScore,
  DEFAULT_EVALUATION_RULES as rules,
  type Scored,
  subsidyAmounts,
  totalScore,
} from '../../domain/evaluation.js';

const scored = (
  id: string,
  total: number,
  quantitative = total,
  qualitative = total,
  admittedAt = '2024-01-01',
): Scored => ({ evaluationId: id, subCenterId: `sc-${id}`, total, quantitative, qualitative, admittedAt });

describe('scoring (standard 003 §7.1, Annexes A and B)', () => {
  it("scores figures against targets, capped at full marks, with the kind's group weights; unreported counts as zero", () => {
    const full = Object.fromEntries(Object.entries(rules.targets).map(([k, v]) => [k, v * 2]));
    expect(quantitativeScore(full, profileFor(rules, 'bank'), rules.targets)).toBe(100);
    expect(quantitativeScore({}, profileFor(rules, 'bank'), rules.targets)).toBe(0);
    // A bank's tech-credit work weighs 4 of 7: full tech credit alone gives 4/7.
    const creditOnly = {
      banksOnSite: 10,
      matchedLoanAmount: 50_000,
      matchedLoanProjects: 100,
      creditEnterprisesServed: 300,
    };
    expect(quantitativeScore(creditOnly, profileFor(rules, 'bank'), rules.targets)).toBe(57.1);
    expect(quantitativeScore(creditOnly, profileFor(rules, 'equity_exchange'), rules.targets)).toBe(14.3);
  });
  it("averages the experts' Annex B scores and blends them with the quantitative score", () => {
    expect(
      qualitativeScore([
        { operations: 90, capability: 80, results: 70 },
        { operations: 70, capability: 70, results: 70 },
      ]),
    ).toBe(75);
    expect(totalScore(80, 60, profileFor(rules, 'comprehensive'))).toBe(70);
    expect(profileFor(rules, 'guarantee')).toBe(rules.profiles.default);
  });
});

describe('grading a round (DOMAIN §4)', () => {
  it('grades by bands and eliminates the lowest ranked of a tech-service round whatever their score', () => {
    const graded = gradeRound(
      [
        scored('a', 95),
        scored('b', 85),
        scored('c', 70),
        scored('d', 88),
        scored('e', 91),
        scored('f', 82),
        scored('g', 86),
        scored('h', 84),
        scored('i', 83),
        scored('j', 81),
        scored('k', 80),
      ],
      { ...rules, bottomElimination: { share: 0.1, rounding: 'up' } },
      'tech_service',
    );
    expect(graded.map((g) => [g.evaluationId, g.grade])).toEqual([
      ['a', 'excellent'],
      ['e', 'excellent'],
      ['d', 'good'],
      ['g', 'good'],
      ['b', 'good'],
      ['h', 'good'],
      ['i', 'good'],
      ['f', 'good'],
      ['j', 'good'],
      ['k', 'fail'],
      ['c', 'fail'], // 10% of 11 rounded up = 2 eliminated
    ]);
    expect(graded.filter((g) => g.eliminated).map((g) => g.evaluationId)).toEqual(['k', 'c']);
  });
  it('breaks ties by quantitative score, then qualitative, then earlier admission', () => {
    const graded = gradeRound(
      [scored('x', 80, 70, 90), scored('y', 80, 75, 85), scored('z', 80, 75, 85, '2023-05-01')],
      { ...rules, bottomElimination: { count: 1, rounding: 'down' } },
      'tech_service',
    );
    expect(graded.map((g) => g.evaluationId)).toEqual(['z', 'y', 'x']);
    expect(graded[2]).toMatchObject({ evaluationId: 'x', grade: 'fail', eliminated: true });
  });
  it('eliminates as the rule set rounds: nobody of a cohort of one or four at 10 % rounded down, two of twenty', () => {
    const cohort = (n: number) => Array.from({ length: n }, (_, i) => scored(`c${i}`, 99 - i));
    const failed = (n: number, rounding?: 'down' | 'up') =>
      gradeRound(
        cohort(n),
        { ...rules, bottomElimination: { share: 0.1, rounding: rounding ?? 'down' } },
        'tech_service',
      )
        .filter((g) => g.eliminated)
        .map((g) => g.evaluationId);
    expect(rules.bottomElimination.rounding).toBe('down'); // the default
    expect(failed(1)).toEqual([]); // a lone excellent center (99 points) stays excellent
    expect(gradeRound(cohort(1), rules, 'tech_service')[0]).toMatchObject({ grade: 'excellent', eliminated: false });
    expect(failed(4)).toEqual([]);
    expect(failed(20)).toEqual(['c18', 'c19']);
    // a rule set that says so rounds up: the lone center goes
    expect(failed(1, 'up')).toEqual(['c0']);
    // a round started under rules that did not say how keeps rounding up (as they did)
    const unstated = { ...rules, bottomElimination: { share: 0.1 } } as unknown as typeof rules;
    expect(eliminatedCount(unstated.bottomElimination, 4)).toBe(1);
  });
  it('does not eliminate in financial rounds', () => {
    expect(gradeRound([scored('a', 65), scored('b', 50)], rules, 'financial').map((g) => g.grade)).toEqual([
      'pass',
      'fail',
    ]);
  });
});

describe('post-subsidies', () => {
  const graded = gradeRound(
    [scored('a', 95), scored('b', 85), scored('c', 82)],
    { ...rules, bottomElimination: { count: 0, rounding: 'down' } },
    'tech_service',
  );
  it('pays 优秀 and 良好 their amounts while the budget allows', () => {
    expect(subsidyAmounts(graded, rules, 5_000_000).map((s) => s.amount)).toEqual([500_000, 300_000, 300_000]);
  });
  it('scales every award by the same factor when the budget would be exceeded, never beyond it', () => {
    const amounts = subsidyAmounts(graded, rules, 550_000).map((s) => s.amount);
    expect(amounts).toEqual([250_000, 150_000, 150_000]);
    expect(amounts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(550_000);
    expect(subsidyAmounts(graded, rules, 0).map((s) => s.amount)).toEqual([0, 0, 0]);
  });
});

describe('cycles', () => {
  it('evaluates tech-service sub-centers every year from the year after admission', () => {
    expect(dueForEvaluation({ system: 'tech_service', admittedYear: 2025 }, 2025, 'tech_service')).toBe(false);
    expect(dueForEvaluation({ system: 'tech_service', admittedYear: 2025 }, 2026, 'tech_service')).toBe(true);
  });
  it('evaluates financial sub-centers every three years counted from their admission year', () => {
    const due = [2024, 2025, 2026, 2027, 2028, 2029].filter((y) =>
      dueForEvaluation({ system: 'financial', admittedYear: 2023 }, y, 'financial'),
    );
    expect(due).toEqual([2026, 2029]);
  });
});
