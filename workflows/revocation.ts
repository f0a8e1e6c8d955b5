/**
 * Revocation (撤销资质), DOMAIN §5: the sub-center is told why and may file a statement (陈述申辩)
 * within a set period; the Provincial Center then revokes or keeps it, with a reason. A revoked
 * sub-center leaves the active roster; the revocation is published; its history stays.
 */

import { revocationCase } from './revocationCase.js';
import type { RevocationInput, RevocationStatus } from './revocationUpdates.js';

export * from './revocationUpdates.js';

export async function revocation(input: RevocationInput): Promise<RevocationStatus> {
  const c = revocationCase(input);
  // the sub-center's statement (陈述申辩), then the Provincial Center's decision, which may ask for a further statement
  let filed = await c.statementPeriod();
  for (;;) {
    const decided = await c.decisionStep(filed);
    if (decided.kind === 'decided' && decided.decision.decision !== 'return') {
      await c.conclude(decided);
      break;
    }
    filed = await c.statementPeriod(c.reopening(decided));
  }
  return c.end();
}
