import UploadIcon from '@mui/icons-material/UploadFile';
import { Button, Chip, Stack } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import type { KejinDataProvider } from '../dataProvider';

/** Uploads evidence for one checklist item and keeps the attachment ids in `evidence.<item>`. */
export const EvidenceInput = ({ caseId, item }: { caseId: string; item: string }) => {
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const { setValue } = useFormContext();
  const ids: string[] = useWatch({ name: `evidence.${item}` }) ?? [];
  const saved = useRecordContext<{ attachments?: { id: string; filename: string }[] }>()?.attachments ?? [];
  const [names, setNames] = useState<Record<string, string>>({});
  const nameOf = (id: string) => names[id] ?? saved.find((a) => a.id === id)?.filename ?? translate('kejin.show.file');
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const { data } = await dataProvider.uploadEvidence(caseId, item, file);
      setNames((n) => ({ ...n, [data.id]: data.filename }));
      setValue(`evidence.${item}`, [...ids, data.id], { shouldDirty: true });
      notify('kejin.action.uploaded', { type: 'success', messageArgs: { name: data.filename } });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Button component="label" size="small" startIcon={<UploadIcon />}>
        {translate('kejin.action.upload')}
        <input
          hidden
          type="file"
          data-evidence={item}
          accept=".pdf,.ofd,.png,.jpg,.jpeg,.docx,.xlsx"
          onChange={(e) => onFile(e.target.files?.[0])}
        />
      </Button>
      {ids.map((id) => (
        <Chip
          key={id}
          size="small"
          label={nameOf(id)}
          onDelete={() =>
            setValue(
              `evidence.${item}`,
              ids.filter((x) => x !== id),
              { shouldDirty: true },
            )
          }
        />
      ))}
    </Stack>
  );
};
