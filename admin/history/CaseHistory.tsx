import { Alert, Box, Card, CardContent, Chip, Grid, Link as MuiLink, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Loading, Title, useDataProvider, useLocale, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import type { KejinDataProvider } from '../dataProvider';
import { formatDateTime } from '../format';

interface Audit {
  id: string;
  at: string;
  actorName: string;
  actingFor: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  data: Record<string, unknown>;
  intact: boolean;
  hash: string;
}
interface History {
  audit: Audit[];
  temporal: {
    workflowId: string;
    runId: string;
    uiUrl: string | null;
    events: { eventId: string; eventType: string; time: string | null; detail: string | null }[];
  };
}

/** A case's audit trail as a timeline, beside its Temporal event history, with a link to the Temporal UI. */
export const CaseHistory = () => {
  const { id, resource = 'applications' } = useParams();
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const { data, isPending, error } = useQuery({
    queryKey: ['history', resource, id],
    queryFn: () => dataProvider.getHistory(resource, id!).then((r) => r.data as History),
  });
  if (isPending) return <Loading />;
  if (error || !data) return <Alert severity="error">{(error as Error)?.message}</Alert>;
  const status = (s: string | null) =>
    s ? translate(`kejin.status.${s}`, { _: translate(`kejin.caseStatus.${s}`, { _: s }) }) : '';
  return (
    <Box sx={{ p: 2 }}>
      <Title title="kejin.history.title" />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Typography variant="h6">{translate('kejin.history.audit')}</Typography>
          <Stack spacing={1} data-testid="audit-trail">
            {data.audit.map((e) => (
              <Card key={e.id} variant="outlined" data-action={e.action}>
                <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                    <Typography variant="body2" color="text.secondary">
                      {formatDateTime(e.at, locale)}
                    </Typography>
                    <Typography variant="body2">
                      <b>{e.actorName}</b>
                      {e.actingFor ? ` (${translate('kejin.history.actingFor')} ${e.actingFor})` : ''}
                    </Typography>
                    <Chip size="small" label={e.action} />
                    {e.fromStatus !== e.toStatus && (
                      <Typography variant="body2">
                        {status(e.fromStatus)} → {status(e.toStatus)}
                      </Typography>
                    )}
                    <Chip
                      size="small"
                      variant="outlined"
                      color={e.intact ? 'success' : 'error'}
                      label={translate(e.intact ? 'kejin.history.intact' : 'kejin.history.broken')}
                      title={`SHA-256 ${e.hash}`}
                    />
                  </Stack>
                  {e.comment && <Typography variant="body2">{e.comment}</Typography>}
                </CardContent>
              </Card>
            ))}
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Typography variant="h6">{translate('kejin.history.events')}</Typography>
          {data.temporal.uiUrl && (
            <MuiLink href={data.temporal.uiUrl} target="_blank" rel="noreferrer">
              {translate('kejin.action.temporalUi')} ↗
            </MuiLink>
          )}
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
            {data.temporal.workflowId} · {data.temporal.runId}
          </Typography>
          <Box component="ol" sx={{ fontFamily: 'monospace', fontSize: 12, pl: 3 }} data-testid="temporal-events">
            {data.temporal.events.map((e) => (
              <li key={e.eventId}>
                {e.eventType}
                {e.detail ? ` · ${e.detail}` : ''}{' '}
                <span style={{ color: '#888' }}>{formatDateTime(e.time, locale)}</span>
              </li>
            ))}
          </Box>
        </Grid>
      </Grid>
    </Box>
  );
};
