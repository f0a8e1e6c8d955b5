/** Reference data every installation needs: cities, the working-day calendar, the first rule set. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ADMISSION_RULES } from '../domain/admissionRules.js';
import { GUANGDONG_CITIES } from '../domain/cities.js';
import { DEFAULT_COMPETITION_RULES } from '../domain/competition.js';
import { DEFAULT_EVALUATION_RULES } from '../domain/evaluation.js';
import type { Db } from './index.js';

const CITY_EN = [
  'Guangzhou',
  'Shenzhen',
  'Zhuhai',
  'Shantou',
  'Foshan',
  'Shaoguan',
  'Heyuan',
  'Meizhou',
  'Huizhou',
  'Shanwei',
  'Dongguan',
  'Zhongshan',
  'Jiangmen',
  'Yangjiang',
  'Zhanjiang',
  'Maoming',
  'Zhaoqing',
  'Qingyuan',
  'Chaozhou',
  'Jieyang',
  'Yunfu',
];

interface CalendarFile {
  source: string;
  year: number;
  holidays: { name: string; days: string[] }[];
  adjustedWorkdays: string[];
}

export async function seedReferenceData(db: Db): Promise<void> {
  await db
    .insertInto('cities')
    .values(GUANGDONG_CITIES.map((name, i) => ({ name, name_en: CITY_EN[i]!, sort: i + 1 })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const calendar = JSON.parse(
    readFileSync(join(import.meta.dirname, 'reference', 'cn-workdays-2026.json'), 'utf8'),
  ) as CalendarFile;
  await db
    .insertInto('calendar_versions')
    .values({
      year: calendar.year,
      version: 1,
      source: calendar.source,
      holidays: JSON.stringify(calendar.holidays.flatMap((h) => h.days)),
      adjusted_workdays: JSON.stringify(calendar.adjustedWorkdays),
      reason: '初始版本',
      created_by: 'system',
    })
    .onConflict((oc) => oc.columns(['year', 'version']).doNothing())
    .execute();
  for (const [kind, body] of [
    ['admission', DEFAULT_ADMISSION_RULES],
    ['evaluation', DEFAULT_EVALUATION_RULES],
    ['competition', DEFAULT_COMPETITION_RULES],
  ] as const) {
    await db
      .insertInto('rule_sets')
      .values({
        kind,
        version: 1,
        body: JSON.stringify(body),
        comment: '初始版本（默认值，待省级中心设定）',
        created_by: 'system',
      })
      .onConflict((oc) => oc.columns(['kind', 'version']).doNothing())
      .execute();
  }
}
