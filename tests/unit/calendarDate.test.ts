import { describe, expect, it } from 'vitest';
import { calendarDate } from '../../domain/text.js';

describe('a calendar date (YYYY-MM-DD)', () => {
  it('takes real days only, leap days included, and says why it refuses one', () => {
    const date = calendarDate();
    for (const day of ['2026-02-28', '2024-02-29', '2026-12-31']) expect(date.safeParse(day).success, day).toBe(true);
    for (const day of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-1', '2026-01-01T00:00:00Z', '']) {
      expect(date.safeParse(day).success, day).toBe(false);
    }
    expect(date.safeParse('2026-02-30').error?.issues[0]?.message).toBe('没有这一天 (no such day)');
    expect(date.safeParse('30.2.2026').error?.issues[0]?.message).toContain('YYYY-MM-DD');
  });
});
