/** Where a task's case lives in the console. */
export const CASE_RESOURCE: Record<string, string> = {
  admission: 'applications',
  evaluation: 'evaluations',
  revocation: 'revocations',
  payout: 'payouts',
  evaluation_round: 'evaluation-rounds',
  competition: 'competition-tasks',
};
/** A notification about the user's own account (a 代理 offer) opens the 代理 page. */
export const caseShowPath = (caseType: string, caseId: string) =>
  caseType === 'user'
    ? '/stand-in'
    : `/${CASE_RESOURCE[caseType] ?? 'applications'}/${encodeURIComponent(caseId)}/show`;
