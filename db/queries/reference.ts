import type { WorkdayCalendar } from '../../domain/workdays.js';
import type { Db } from '../index.js';

/** All years of the working-day calendar merged into one. */
export async function loadCalendar(db: Db): Promise<WorkdayCalendar> {
  const years = await db.selectFrom('workday_calendar').select(['holidays', 'adjusted_workdays']).execute();
  return {
    holidays: years.flatMap((y) => y.holidays),
    adjustedWorkdays: years.flatMap((y) => y.adjusted_workdays),
  };
}

export async function loadCurrentRules(db: Db, kind: string) {
  return db
    .selectFrom('rule_sets')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}
