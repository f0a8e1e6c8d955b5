import {
  Autocomplete,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { errorText } from './applications/ApplicationActions';
import { LabelButton } from './LabelButton';

/** A field of a small form, in words for the person (labels and choices already translated). */
export interface FormDialogField {
  name: string;
  label: string;
  required?: boolean;
  kind?: 'text' | 'textarea' | 'number' | 'choice' | 'person' | 'people';
  choices?: { value: string; label: string }[];
  /** For a person or people: finds them by a part of the name (the server filters). */
  find?(q: string): Promise<Option[]>;
  initial?: string;
}
type Option = { value: string; label: string };

/**
 * Picks a person (or several) by typing a part of the name: the value is the username (several
 * comma-separated), the field shows names.
 */
function PeopleField({
  field,
  onChange,
  error,
}: {
  field: FormDialogField;
  onChange(value: string): void;
  error?: string;
}) {
  const translate = useTranslate();
  const [input, setInput] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [chosen, setChosen] = useState<Option[]>([]);
  // the latest finder, without asking again each time the dialog renders
  const find = useRef(field.find);
  find.current = field.find;
  useEffect(() => {
    let current = true;
    // a quarter second after the last keystroke, so typing a name asks once
    const timer = setTimeout(() => {
      find.current?.(input).then(
        (found) => current && setOptions(found),
        () => current && setOptions([]),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [input]);
  const pick = (list: Option[]) => {
    setChosen(list);
    onChange(list.map((o) => o.value).join(','));
  };
  return (
    <Autocomplete<Option, boolean>
      multiple={field.kind === 'people'}
      options={options}
      filterOptions={(x) => x}
      noOptionsText={translate('kejin.people.none')}
      value={field.kind === 'people' ? chosen : (chosen[0] ?? null)}
      onChange={(_, v) => pick(Array.isArray(v) ? v : v ? [v] : [])}
      inputValue={input}
      onInputChange={(_, v, reason) => reason !== 'reset' && setInput(v)}
      getOptionLabel={(o) => o.label}
      isOptionEqualToValue={(a, b) => a.value === b.value}
      renderInput={(params) => (
        <TextField
          {...params}
          name={field.name}
          label={field.label}
          required={field.required}
          error={Boolean(error)}
          helperText={error}
        />
      )}
    />
  );
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
          {fields.map((f) =>
            f.kind === 'person' || f.kind === 'people' ? (
              <PeopleField
                key={f.name}
                field={f}
                onChange={(value) => setValues((v) => ({ ...v, [f.name]: value }))}
                error={errorOf(f.name)}
              />
            ) : (
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
            ),
          )}
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
