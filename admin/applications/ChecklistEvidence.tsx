import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import { ChecklistItem } from '../../domain/application';
import type { KejinDataProvider } from '../dataProvider';
import { FilePreview } from '../FilePreview';

interface Attachment {
  id: string;
  item: string;
  filename: string;
  size: number;
  sha256: string;
}

/**
 * The qualification checklist: each item confirmed or not, with its evidence beside it (a click
 * shows it in the page), and a warning for the items that have none, to the applicant and to each reviewer.
 */
export const ChecklistEvidence = ({
  checklist,
  attachments,
}: {
  checklist: Partial<Record<string, boolean>>;
  attachments: Attachment[];
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const lacking = ChecklistItem.options.filter((item) => !attachments.some((a) => a.item === item));
  return (
    <Box data-testid="checklist">
      <Typography variant="subtitle1">{translate('resources.applications.tabs.checklist')}</Typography>
      {lacking.length > 0 && (
        <Alert severity="warning" data-testid="evidence-lacking" sx={{ mb: 1 }}>
          {translate('kejin.show.evidenceLacking', {
            smart_count: lacking.length,
            items: lacking.map((i) => translate(`resources.applications.fields.checklist.${i}`)).join('；'),
          })}
        </Alert>
      )}
      <Stack spacing={1}>
        {ChecklistItem.options.map((item) => {
          const files = attachments.filter((a) => a.item === item);
          const confirmed = checklist[item] === true;
          return (
            <Stack key={item} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }} data-item={item}>
              {confirmed ? (
                <CheckCircleIcon color="success" fontSize="small" titleAccess={translate('kejin.show.confirmed')} />
              ) : (
                <CancelIcon color="error" fontSize="small" titleAccess={translate('kejin.show.notConfirmed')} />
              )}
              <Box sx={{ minWidth: 0 }}>
                <Typography variant="body2">{translate(`resources.applications.fields.checklist.${item}`)}</Typography>
                <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 0.5 }}>
                  {files.map((a) => (
                    <FilePreview
                      key={a.id}
                      filename={a.filename}
                      load={() => dataProvider.readFile(`/api/attachments/${encodeURIComponent(a.id)}`)}
                    >
                      {(open) => (
                        <Chip
                          size="small"
                          variant="outlined"
                          title={`SHA-256 ${a.sha256}`}
                          label={a.filename}
                          onClick={open}
                        />
                      )}
                    </FilePreview>
                  ))}
                  {files.length === 0 && (
                    <Typography variant="caption" color="text.secondary">
                      {translate('kejin.show.noAttachments')}
                    </Typography>
                  )}
                </Stack>
              </Box>
            </Stack>
          );
        })}
      </Stack>
    </Box>
  );
};
