import AttachFileIcon from '@mui/icons-material/AttachFile';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useDataProvider, useLocale, useTranslate } from 'react-admin';
import type { Checked, KejinDataProvider } from '../dataProvider';
import { FilePreview } from '../FilePreview';
import { formatDateTime } from '../format';

/**
 * The objection (or 复核 request) a 核查 task checks, in view while deciding: its receipt number, its
 * text, the letter and evidence (opened in a new tab, PDFs and images shown there), and the
 * objector's identity for those who handle objections (the server leaves it out for others).
 */
export function CheckedPanel({ checks }: { checks: Checked }) {
  const translate = useTranslate();
  const locale = useLocale();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const o = checks.objector;
  return (
    <Box data-testid="checked-panel" sx={{ p: 1.5, bgcolor: 'action.hover', borderRadius: 1 }}>
      <Stack spacing={1}>
        <Typography variant="subtitle2">
          {translate(`kejin.checks.${checks.kind}`, { no: checks.receiptNo })} ·{' '}
          {translate('kejin.checks.filedAt', { at: formatDateTime(checks.filedAt, locale) })}
        </Typography>
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
          {checks.content}
        </Typography>
        {checks.reasons && (
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
            <b>{translate('kejin.checks.reasons')}</b>: {checks.reasons}
          </Typography>
        )}
        {checks.kind === 'objection' &&
          (o ? (
            <Typography variant="body2">
              <b>{translate('kejin.checks.objector')}</b>:{' '}
              {o.kind === 'person' ? o.realName : `${o.orgName}（${o.contactPerson}）`} · {o.phone}
              {o.email ? ` · ${o.email}` : ''}
            </Typography>
          ) : (
            <Alert severity="info">{translate('kejin.checks.objectorSealed')}</Alert>
          ))}
        {checks.files.length > 0 && (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {checks.files.map((f) => (
              <FilePreview
                key={f.id}
                filename={f.filename}
                load={() => dataProvider.readFile(`/api/objections/files/${encodeURIComponent(f.id)}`)}
              >
                {(open) => (
                  <Button size="small" variant="outlined" startIcon={<AttachFileIcon />} onClick={open}>
                    {translate(`kejin.checks.file_${f.role}`)}: {f.filename}
                  </Button>
                )}
              </FilePreview>
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
