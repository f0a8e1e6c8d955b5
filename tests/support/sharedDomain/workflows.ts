/** The test workflow of tests/workflows/sharedDomain.test.ts, bundled with the product's preloads. */
import { DEFAULT_NOTICE_PERIODS, ObjectionFields } from '../../../domain/notice.js';

/**
 * Tries to change a rule every case shares (the 公示 period of admissions), then parses with a
 * shared schema whose fields have patterns (phone, e-mail): one objection valid, one not.
 */
export async function touchesSharedDomain(days: number) {
  let refused = false;
  try {
    (DEFAULT_NOTICE_PERIODS.admission as { days: number }).days = days;
  } catch {
    refused = true;
  }
  const objection = { kind: 'person', itemId: 'item-1', content: '材料不实', phone: '020-12345678', realName: '张三' };
  return {
    refused,
    admissionDays: DEFAULT_NOTICE_PERIODS.admission.days,
    valid: ObjectionFields.safeParse({ ...objection, email: 'zhang@example.cn' }).success,
    invalid: ObjectionFields.safeParse({ ...objection, email: 'not an address', phone: '?' }).success,
  };
}
