/** Where a task's case lives in the console. */
export const CASE_RESOURCE: Record<string, string> = {
  admission: 'applications',
  evaluation: 'evaluations',
  revocation: 'revocations',
  payout: 'payouts',
  evaluation_round: 'evaluation-rounds',
  competition: 'competition-tasks',
};
export const caseShowPath = (caseType: string, caseId: string) =>
  `/${CASE_RESOURCE[caseType] ?? 'applications'}/${encodeURIComponent(caseId)}/show`;
