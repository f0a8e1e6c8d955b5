import UploadIcon from '@mui/icons-material/UploadFile';
import { Button, Chip, Stack } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { compact } from '../compact';
import type { KejinDataProvider } from '../dataProvider';
import { errorText } from './ApplicationActions';

/** The checklist's tab in the application form's URL (/applications/:id/2). */
const CHECKLIST_TAB = 2;

/**
 * Uploads evidence for one checklist item and keeps the attachment ids in `evidence.<item>`.
 * Evidence belongs to an application: on a new one, the first file saves the draft as it stands,
 * attaches the file to it and goes on in the draft's form.
 */
export const EvidenceInput = ({ caseId, item }: { caseId?: string; item: string }) => {
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const navigate = useNavigate();
  const { setValue, getValues } = useFormContext();
  const ids: string[] = useWatch({ name: `evidence.${item}` }) ?? [];
  const saved = useRecordContext<{ attachments?: { id: string; filename: string }[] }>()?.attachments ?? [];
  const [names, setNames] = useState<Record<string, string>>({});
  const nameOf = (id: string) => names[id] ?? saved.find((a) => a.id === id)?.filename ?? translate('kejin.show.file');
  const draftFirst = async (file: File) => {
    const { data: draft } = await dataProvider.create('applications', { data: compact(getValues()) });
    const { data } = await dataProvider.uploadEvidence(String(draft.id), item, file);
    await dataProvider.update('applications', {
      id: draft.id,
      data: { evidence: { [item]: [data.id] } },
      previousData: draft,
    });
    notify('kejin.action.draftSavedWithEvidence', { type: 'success', messageArgs: { name: data.filename } });
    navigate(`/applications/${encodeURIComponent(String(draft.id))}/${CHECKLIST_TAB}`);
  };
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      if (!caseId) return await draftFirst(file);
      const { data } = await dataProvider.uploadEvidence(caseId, item, file);
      setNames((n) => ({ ...n, [data.id]: data.filename }));
      setValue(`evidence.${item}`, [...ids, data.id], { shouldDirty: true });
      notify('kejin.action.uploaded', { type: 'success', messageArgs: { name: data.filename } });
    } catch (e) {
      notify(errorText(e), { type: 'error', multiLine: true });
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
