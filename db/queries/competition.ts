/** What one organisation may read of a competition's trail: its own bid and the steps about it. */
import type { Db } from '../index.js';

/** The ids of the organisation's bids on the competition, and of the competition's tasks that are not about another bid. */
export async function ownBidsAndTasks(db: Db, competitionId: string, organizationId: string | null) {
  const [bids, tasks] = await Promise.all([
    db
      .selectFrom('bids')
      .select('id')
      .where('competition_id', '=', competitionId)
      .where('organization_id', '=', organizationId)
      .execute(),
    db
      .selectFrom('tasks')
      .select('id')
      .where('case_type', '=', 'competition')
      .where('case_id', '=', competitionId)
      .where((eb) => eb.or([eb('party', 'is', null), eb('party', '=', organizationId)]))
      .execute(),
  ]);
  return { bids: new Set(bids.map((b) => b.id)), tasks: new Set(tasks.map((t) => t.id)) };
}
