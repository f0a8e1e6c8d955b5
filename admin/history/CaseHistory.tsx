import { Alert, Box, Card, CardContent, Chip, Grid, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Loading, Title, useLocale, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import { formatDateTime } from '../format';
import { AuditEntryLine, useCaseHistory } from './ApprovalTimeline';

/**
 * A case's audit trail in words, each entry's hash checked; administrators and auditors also see
 * the Temporal event history beside it (the API sends it to them only), with a link to the Temporal UI.
 */
export const CaseHistory = () => {
  const { id, resource = 'applications' } = useParams();
  const translate = useTranslate();
  const locale = useLocale();
  const { data, isPending, error } = useCaseHistory(resource, id);
  if (isPending) return <Loading />;
  if (error || !data) return <Alert severity="error">{(error as Error)?.message}</Alert>;
  return (
    <Box sx={{ p: 2 }}>
      <Title title="kejin.history.title" />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: data.temporal ? 7 : 12 }}>
          <Typography variant="h6">{translate('kejin.history.audit')}</Typography>
          {data.chain.firstBreak && (
            <Alert severity="error" sx={{ my: 1 }} data-testid="chain-break">
              {translate(`kejin.history.break.${data.chain.firstBreak.reason}`, {
                n: data.audit.findIndex((e) => e.id === data.chain.firstBreak!.entryId) + 1,
              })}
            </Alert>
          )}
          <Stack spacing={1} data-testid="audit-trail">
            {data.audit.map((e) => (
              <Card key={e.id} variant="outlined">
                <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
                    <AuditEntryLine entry={e} />
                    <Chip
                      size="small"
                      variant="outlined"
                      color={e.intact && e.linked ? 'success' : 'error'}
                      label={translate(e.intact && e.linked ? 'kejin.history.intact' : 'kejin.history.broken')}
                      title={`SHA-256 ${e.hash}`}
                    />
                  </Stack>
                </CardContent>
              </Card>
            ))}
          </Stack>
        </Grid>
        {data.temporal && (
          <Grid size={{ xs: 12, md: 5 }}>
            <Typography variant="h6">{translate('kejin.history.events')}</Typography>
            {data.temporal.uiUrl && (
              <MuiLink href={data.temporal.uiUrl} target="_blank" rel="noreferrer">
                {translate('kejin.action.temporalUi')} ↗
              </MuiLink>
            )}
            <Typography variant="caption" color="text.secondary" sx={{ display: 'block', wordBreak: 'break-all' }}>
              {data.temporal.workflowId} · {data.temporal.runId}
            </Typography>
            <Box component="ol" sx={{ fontFamily: 'monospace', fontSize: 12, pl: 3 }} data-testid="temporal-events">
              {data.temporal.events.map((e) => (
                <li key={e.eventId}>
                  {e.eventType}
                  {e.detail ? ` · ${e.detail}` : ''}{' '}
                  <Box component="span" sx={{ color: 'text.secondary' }}>
                    {formatDateTime(e.time, locale)}
                  </Box>
                </li>
              ))}
            </Box>
          </Grid>
        )}
      </Grid>
    </Box>
  );
};
