import { describe, expect, it } from 'vitest';
import { sealedScores } from '../../api/routes/applications.js';
import type { ApplicationView } from '../../domain/application.js';
import type { Actor } from '../../domain/roles.js';

const view = (status: string) =>
  ({
    status,
    expertScores: [
      { taskId: 't1', expert: '专家 甲', score: 88, comment: '可行', at: '2026-11-28T00:00:00Z' },
      { taskId: 't2', expert: '专家 乙', score: 75, comment: '一般', at: '2026-11-28T00:00:00Z' },
    ],
  }) as unknown as ApplicationView;
const actor = (roles: string[]) =>
  ({ id: 'u', username: 'u', displayName: 'u', roles, city: null }) as unknown as Actor;
const scores = (v: ApplicationView) => v.expertScores.map((s) => s.score);

describe('independent expert scoring', () => {
  it("hides a colleague's score from an expert while the panel scores", () => {
    expect(scores(sealedScores(view('expert_review'), actor(['expert']), new Set(['t1'])))).toEqual([88]);
    expect(scores(sealedScores(view('expert_review'), actor(['expert']), new Set()))).toEqual([]);
  });
  it('shows every score to the reviewers, and to experts once the panel is complete', () => {
    expect(scores(sealedScores(view('expert_review'), actor(['provincial_reviewer']), new Set()))).toEqual([88, 75]);
    expect(scores(sealedScores(view('provincial_review'), actor(['expert']), new Set()))).toEqual([88, 75]);
  });
});
