import CancelIcon from '@mui/icons-material/Cancel';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { Box, Chip, Stack, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import { ChecklistItem } from '../../domain/application';
import type { KejinDataProvider } from '../dataProvider';

interface Attachment {
  id: string;
  item: string;
  filename: string;
  size: number;
  sha256: string;
}

/** The qualification checklist: each item confirmed or not, with its evidence beside it (a click downloads). */
export const ChecklistEvidence = ({
  checklist,
  attachments,
}: {
  checklist: Partial<Record<string, boolean>>;
  attachments: Attachment[];
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  return (
    <Box data-testid="checklist">
      <Typography variant="subtitle1">{translate('resources.applications.tabs.checklist')}</Typography>
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
                    <Chip
                      key={a.id}
                      size="small"
                      variant="outlined"
                      title={`SHA-256 ${a.sha256}`}
                      label={a.filename}
                      onClick={() => dataProvider.downloadAttachment(a.id, a.filename)}
                    />
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
