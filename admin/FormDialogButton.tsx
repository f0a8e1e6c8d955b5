import { Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { errorText } from './applications/ApplicationActions';
import { LabelButton } from './LabelButton';

/** A field of a small form, in words for the person (labels and choices already translated). */
export interface FormDialogField {
  name: string;
  label: string;
  required?: boolean;
  kind?: 'text' | 'textarea' | 'number' | 'choice';
  choices?: { value: string; label: string }[];
  initial?: string;
}

/**
 * A small form in a dialog: confirming submits it; the server's refusals land on their fields
 * (422 `errors`, also those of a field's parts), in the words the API gives. Opened afresh each time.
 */
export function FormDialog({
  title,
  fields,
  done,
  submit,
  onClose,
}: {
  title: string;
  fields: FormDialogField[];
  done: string;
  submit(values: Record<string, string>): Promise<unknown>;
  onClose(): void;
}) {
  const notify = useNotify();
  const refresh = useRefresh();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const errorOf = (name: string) => errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];
  const confirm = async () => {
    setBusy(true);
    try {
      await submit(values);
      onClose();
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
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {fields.map((f) => (
            <TextField
              key={f.name}
              name={f.name}
              label={f.label}
              required={f.required}
              select={f.kind === 'choice'}
              multiline={f.kind === 'textarea'}
              minRows={f.kind === 'textarea' ? 3 : undefined}
              type={f.kind === 'number' ? 'number' : 'text'}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              error={Boolean(errorOf(f.name))}
              helperText={errorOf(f.name)}
            >
              {f.choices?.map((c) => (
                <MenuItem key={c.value} value={c.value}>
                  {c.label}
                </MenuItem>
              ))}
            </TextField>
          ))}
        </Stack>
      </DialogContent>
      <DialogActions>
        <LabelButton label="ra.action.cancel" onClick={onClose} />
        <LabelButton label="ra.action.confirm" variant="contained" onClick={confirm} disabled={busy} />
      </DialogActions>
    </Dialog>
  );
}

/** A field of FormDialogButton: its label and choices' names are translation keys. */
export type DialogField = Omit<FormDialogField, 'choices'> & { choices?: { id: string; name: string }[] };

/** A button opening a small form (labels and choices are translation keys). */
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
  const [open, setOpen] = useState(false);
  return (
    <>
      <LabelButton label={label} variant="contained" onClick={() => setOpen(true)} />
      {open && (
        <FormDialog
          title={translate(label)}
          fields={fields.map((f) => ({
            ...f,
            label: translate(f.label),
            choices: f.choices?.map((c) => ({ value: c.id, label: translate(c.name) })),
          }))}
          done={done}
          submit={submit}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
