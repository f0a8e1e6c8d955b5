import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import { calendarDue, type Festival, shanghaiDate } from '../../domain/workdays';
import type { KejinDataProvider } from '../dataProvider';
import { formatDateTime } from '../format';

/** A year of the working-day calendar as GET /api/calendar gives it. */
export interface CalendarYear {
  year: number;
  status: 'official' | 'provisional';
  holidays: string[];
  adjustedWorkdays: string[];
  periods: { festival: Festival | null; from: string; to: string; days: number }[];
  source: string | null;
  version: number | null;
  reason: string | null;
  createdByName: string | null;
  createdAt: string | null;
}

/** The calendar's years, read once a session (a change by an administrator refreshes it). */
export function useCalendarYears() {
  const dataProvider = useDataProvider<KejinDataProvider>();
  return useQuery({
    queryKey: ['calendar'],
    queryFn: () => dataProvider.getCalendar().then((r) => r.data as CalendarYear[]),
    staleTime: 10 * 60_000,
  });
}

/**
 * A deadline written for people: the date and time in Asia/Shanghai, marked 暂定 when it falls in a
 * year whose official calendar is not entered yet (counted on the statutory holidays only).
 */
export function useDeadlineText() {
  const locale = useLocale();
  const translate = useTranslate();
  const { data } = useCalendarYears();
  const provisional = new Set((data ?? []).filter((y) => y.status === 'provisional').map((y) => y.year));
  return (iso: string | null | undefined) => {
    const text = formatDateTime(iso, locale);
    if (!iso || !provisional.has(Number(shanghaiDate(new Date(iso)).slice(0, 4)))) return text;
    return `${text} ${translate('kejin.calendar.provisionalMark')}`;
  };
}

/** The year an administrator should enter now (null: none is due). */
export function useCalendarDue(): number | null {
  const { data } = useCalendarYears();
  if (!data) return null;
  return calendarDue(
    shanghaiDate(new Date()),
    data.filter((y) => y.status === 'official').map((y) => y.year),
  );
}
