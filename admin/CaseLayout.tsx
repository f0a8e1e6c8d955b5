import { Grid, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useRecordContext, useResourceContext, useTranslate } from 'react-admin';
import { ApprovalTimeline } from './history/ApprovalTimeline';
import { CaseTaskBar } from './tasks/CaseTaskBar';

/**
 * Every case page: the case's content beside its approval flow (steps taken and ahead), and the
 * bar with what the user may do on it now — so a decision is made with the case in view.
 */
export function CaseLayout({ children }: { children: ReactNode }) {
  const record = useRecordContext();
  const resource = useResourceContext() ?? '';
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>{children}</Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Typography variant="subtitle1">{translate('kejin.timeline.title')}</Typography>
          <ApprovalTimeline resource={resource} id={String(record.id)} />
        </Grid>
      </Grid>
      <CaseTaskBar caseId={String(record.id)} />
    </Stack>
  );
}

/** A case page's title: the kind of case and its name, never its internal id. */
export function CaseTitle({ name }: { name: (record: Record<string, any>) => ReactNode }) {
  const record = useRecordContext();
  const resource = useResourceContext() ?? '';
  const translate = useTranslate();
  return (
    <span>
      {translate(`resources.${resource}.name`, { smart_count: 1 })}
      {record ? <> · {name(record)}</> : null}
    </span>
  );
}
