/**
 * Public notice (公示), written objections (异议) and review requests (复核), DOMAIN §9: what a
 * published list holds, how long it stays open, and what an objection must contain.
 */
import { z } from 'zod';
import { say } from './messages.js';
import { nameText } from './text.js';
import { addWorkingDays, shanghaiDate, type WorkdayCalendar } from './workdays.js';

/** The lists Kejin publishes. One list per decision: an admission, a round's results, a task's award, a revocation. */
export const NoticeKind = z.enum(['admission', 'evaluation', 'award', 'revocation']);
export type NoticeKind = z.infer<typeof NoticeKind>;

/** A notice period: calendar days or working days (Asia/Shanghai, State Council calendar). */
export const NoticePeriod = z.object({ days: z.number().int().min(1).max(30), unit: z.enum(['calendar', 'working']) });
export type NoticePeriod = z.infer<typeof NoticePeriod>;
/** Guangdong practice (DOMAIN §9): 5 working days, or 7 calendar days for evaluation results. */
export const DEFAULT_NOTICE_PERIODS: Record<NoticeKind, NoticePeriod> = {
  admission: { days: 5, unit: 'working' },
  award: { days: 5, unit: 'working' },
  revocation: { days: 5, unit: 'working' },
  evaluation: { days: 7, unit: 'calendar' },
};
/** 复核 may be requested within this many working days after a notice ends. */
export const REVIEW_WORKING_DAYS = 5;
/** The steps a 公示 opens: 异议核查 of an objection, 复核 of a review request. */
export const NOTICE_STEPS: string[] = ['objection_check', 'review_request'];

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  admission: '拟纳入广东省科技金融综合服务中心分中心名单公示',
  evaluation: '分中心绩效评价结果公示',
  award: '年度重点任务揭榜挂帅拟立项名单公示',
  revocation: '拟撤销分中心资格名单公示',
};
export const HOW_TO_OBJECT =
  '公示期内，任何单位或个人如有异议，可通过本页面以书面形式提出：个人须署真实姓名并提供联系电话，上传本人签名的异议书；' +
  '单位须上传加盖公章的异议书扫描件并注明联系人和联系电话。匿名或逾期的异议不予受理。对异议人的身份严格保密。' +
  '公示结束后 5 个工作日内，被公示单位可申请复核。';

/** One entry of a list as the public sees it; `code` and `organizationId` stay inside. */
export const NoticeItem = z.object({
  id: z.string(),
  orgName: z.string(),
  city: z.string(),
  system: z.string(),
  category: z.string(),
  result: z.string().describe('the result as published, in words'),
});
export type NoticeItem = z.infer<typeof NoticeItem>;
export interface ListedItem extends NoticeItem {
  /** The result as the process understands it (admit, excellent, revoke, win …). */
  code: string;
  organizationId: string | null;
}

export const NoticeStatus = z.enum(['open', 'final', 'superseded', 'withdrawn']);
export type NoticeStatus = z.infer<typeof NoticeStatus>;
export const PublicNotice = z.object({
  id: z.string(),
  kind: NoticeKind,
  title: z.string(),
  version: z.number(),
  status: NoticeStatus,
  startsAt: z.string(),
  endsAt: z.string(),
  reviewUntil: z.string().nullable(),
  howToObject: z.string(),
  items: z.array(NoticeItem),
});
export type PublicNotice = z.infer<typeof PublicNotice>;

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s()]{7,20}$/, say('validPhoneNumber'));
const text = (max: number) => z.string().trim().min(1).max(max);
/** zod's e-mail pattern, as a regex of this module (zod's own is read-only in workflows: workflows/zodConfig.ts). */
const emailPattern = () => new RegExp(z.regexes.email.source, z.regexes.email.flags);
/** The form fields of a written objection (the files come beside them). */
export const ObjectionFields = z
  .object({
    kind: z.enum(['person', 'organization']),
    itemId: text(100),
    content: text(8000).describe('the facts objected to'),
    phone,
    email: z.email({ pattern: emailPattern() }).max(200).optional(),
    realName: nameText(1, 50).optional(),
    orgName: nameText(1, 200).optional(),
    contactPerson: nameText(1, 50).optional(),
    /** The organisation declares its letter bears its seal (公章). */
    sealed: z.enum(['true', 'false']).optional(),
  })
  .superRefine((o, ctx) => {
    for (const [field, message] of Object.entries(objectionKindProblems(o)))
      ctx.addIssue({ code: 'custom', path: [field], message });
  });
/**
 * What a kind of objector must add (a person's real name; an organisation's name, contact and
 * seal), checked on the raw form too: zod skips a refinement while other fields fail, and the
 * objector is told every problem at once.
 */
export function objectionKindProblems(o: {
  kind?: unknown;
  realName?: unknown;
  orgName?: unknown;
  contactPerson?: unknown;
  sealed?: unknown;
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (o.kind === 'person' && !o.realName) problems.realName = '个人异议须署真实姓名';
  if (o.kind === 'organization') {
    if (!o.orgName) problems.orgName = '单位异议须写明单位名称';
    if (!o.contactPerson) problems.contactPerson = '单位异议须注明联系人';
    if (o.sealed !== 'true') problems.letter = '单位异议书须加盖公章';
  }
  return problems;
}
export type ObjectionFields = z.infer<typeof ObjectionFields>;

/** 核查 of an objection: upheld (the item is removed, or its result changed) or dismissed, with reasons. */
export const ObjectionCheck = z.object({
  action: z.enum(['remove', 'change']).optional(),
  code: z.string().max(50).optional(),
});
export const ReviewRequestInput = z.object({ itemId: text(100), content: text(8000), reasons: text(8000) });
/** 复核 decision: a changed result where the request is upheld. */
export const ReviewDecision = z.object({ code: z.string().max(50).optional() });

/** The end of a notice period started at `from`: the last second of its last (working) day in Shanghai. */
export function noticeEnd(from: Date, period: NoticePeriod, calendar: WorkdayCalendar): Date {
  if (period.unit === 'working') return addWorkingDays(from, period.days, calendar);
  const day = Date.parse(`${shanghaiDate(from)}T00:00:00+08:00`);
  return new Date(day + (period.days + 1) * 86_400_000 - 1);
}

/** The receipt number (受理编号) an objector or a requester is given, and its 核查 / 复核 task is named by. */
export const receiptNo = (id: string) => id.replace(/-/g, '').slice(0, 10).toUpperCase();

/** The results a 核查 or 复核 may set, in English beside the list's own Chinese words. */
export const NOTICE_RESULTS_EN: Record<string, string> = {
  admit: 'To be admitted',
  win: 'To be awarded the task',
  excellent: 'Excellent',
  good: 'Good',
  pass: 'Pass',
  fail: 'Fail',
  revoke: 'To be revoked',
  keep: 'Keeps its qualification',
};
