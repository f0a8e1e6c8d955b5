import { Box, Chip, Stack, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { KejinDataProvider } from '../dataProvider';

/** Evidence of a case, grouped by checklist item; a click downloads the file. */
export const AttachmentList = ({
  attachments,
}: {
  attachments: { id: string; item: string; filename: string; size: number; sha256: string }[];
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  return (
    <Box>
      <Typography variant="subtitle1">{translate('kejin.show.attachments')}</Typography>
      {attachments.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate('kejin.show.noAttachments')}
        </Typography>
      )}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {attachments.map((a) => (
          <Chip
            key={a.id}
            title={`SHA-256 ${a.sha256}`}
            label={`${translate(`kejin.evidenceItem.${a.item}`)} · ${a.filename}`}
            onClick={() => dataProvider.downloadAttachment(a.id, a.filename)}
          />
        ))}
      </Stack>
    </Box>
  );
};
