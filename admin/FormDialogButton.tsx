import { Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { errorText } from './applications/ApplicationActions';
import { LabelButton } from './LabelButton';

export interface DialogField {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'number' | 'choice';
  choices?: { id: string; name: string }[];
  initial?: string;
}

/**
 * A button opening a small form; the server's refusals land on their fields (422 `errors`), in
 * the words the API gives.
 */
export function FormDialogButton({
  label,
  fields,
  done,
  submit,
}: {
  label: string;
  fields: DialogField[];
  done: string;
  submit(values: Record<string, string>): Promise<unknown>;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const initial = () => Object.fromEntries(fields.map((f) => [f.name, f.initial ?? '']));
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await submit(values);
      setOpen(false);
      notify(done, { type: 'success' });
      refresh();
    } catch (e: any) {
      setErrors(e?.body?.errors ?? {});
      notify(errorText(e), { type: 'error', multiLine: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <LabelButton
        label={label}
        variant="contained"
        onClick={() => {
          setValues(initial());
          setErrors({});
          setOpen(true);
        }}
      />
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate(label)}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {fields.map((f) => (
              <TextField
                key={f.name}
                name={f.name}
                label={translate(f.label)}
                select={f.kind === 'choice'}
                multiline={f.kind === 'textarea'}
                minRows={f.kind === 'textarea' ? 3 : undefined}
                type={f.kind === 'number' ? 'number' : 'text'}
                value={values[f.name] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                error={Boolean(errors[f.name])}
                helperText={errors[f.name]}
              >
                {f.choices?.map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {translate(c.name)}
                  </MenuItem>
                ))}
              </TextField>
            ))}
          </Stack>
        </DialogContent>
        <DialogActions>
          <LabelButton label="ra.action.cancel" onClick={() => setOpen(false)} />
          <LabelButton label="ra.action.confirm" variant="contained" onClick={confirm} disabled={busy} />
        </DialogActions>
      </Dialog>
    </>
  );
}
