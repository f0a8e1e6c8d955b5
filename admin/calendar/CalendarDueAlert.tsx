import { Alert } from '@mui/material';
import { Link, useTranslate } from 'react-admin';

/** The year an administrator should enter now, as a warning; on the dashboard with a link to the calendar. */
export function CalendarDueAlert({ year, link = false }: { year: number; link?: boolean }) {
  const translate = useTranslate();
  return (
    <Alert
      severity="warning"
      data-testid="calendar-due"
      action={link ? <Link to="/calendar">{translate('kejin.calendar.title')}</Link> : undefined}
    >
      {translate('kejin.calendar.due', { year })}
    </Alert>
  );
}
