import { Card, CardContent, Stack, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import type { KejinDataProvider, Reviewable } from '../dataProvider';
import { FormDialogButton } from '../FormDialogButton';
import { formatDateTime } from '../format';

/**
 * 复核 for the organisation concerned: its results on final lists while the window is open, each
 * with a request form, and the requests it has made with their receipt number and outcome.
 */
export function ReviewRequests() {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const queryClient = useQueryClient();
  const { data } = useQuery({ queryKey: ['reviewable'], queryFn: () => dataProvider.reviewable() });
  if (!data?.length) return null;
  return (
    <Card data-testid="review-requests">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('kejin.review.title')}
        </Typography>
        <Stack spacing={1.5}>
          {data.map((r: Reviewable) => (
            <Stack
              key={`${r.noticeId}-${r.itemId}`}
              direction={{ xs: 'column', sm: 'row' }}
              spacing={1}
              sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}
            >
              <Typography variant="body2">
                <b>{r.noticeTitle}</b> · {r.orgName} — {r.result}
                <br />
                {r.request
                  ? translate('kejin.review.requested', {
                      no: r.request.receiptNo,
                      status: translate(`kejin.objectionStatus.${r.request.status}`),
                    }) + (r.request.outcome ? ` — ${r.request.outcome}` : '')
                  : translate('kejin.review.until', { until: formatDateTime(r.reviewUntil, locale) })}
              </Typography>
              {!r.request && (
                <FormDialogButton
                  label="kejin.review.ask"
                  done="kejin.review.asked"
                  fields={[
                    { name: 'content', label: 'kejin.review.content', kind: 'textarea', required: true },
                    { name: 'reasons', label: 'kejin.review.reasons', kind: 'textarea', required: true },
                  ]}
                  submit={async (v) => {
                    await dataProvider.requestReview(r.noticeId, {
                      itemId: r.itemId,
                      content: v.content!,
                      reasons: v.reasons!,
                    });
                    await queryClient.invalidateQueries({ queryKey: ['reviewable'] });
                  }}
                />
              )}
            </Stack>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}
