import {
  Box,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import { Fragment } from 'react';
import { useLocale } from 'react-admin';
import type { ActionField, Label } from '../../domain/approval';

export type Values = Record<string, unknown>;
/** A field's value by its dotted name (`payload.criteria.innovation`). */
export const valueAt = (values: Values, name: string) =>
  name.split('.').reduce<unknown>((node, key) => (node as Values | undefined)?.[key], values);
/** A copy of `values` with the field set (nested objects made as needed). */
export function withValue(values: Values, name: string, value: unknown): Values {
  const next = structuredClone(values);
  const path = name.split('.');
  let node = next;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Values;
  }
  node[path.at(-1)!] = value;
  return next;
}
/** Whether a required field is still empty (a declaration must be ticked). */
export const isEmpty = (f: ActionField, value: unknown) =>
  value === undefined ||
  value === '' ||
  (f.kind === 'boolean' && value !== true) ||
  (Array.isArray(value) && value.length === 0 && f.kind !== 'choices');

/**
 * A step's own form, drawn from the fields the approval engine offers with the task's decision
 * (domain/stepForms.ts): numbers side by side, texts full width, under their group's heading.
 */
export const StepFields = ({
  fields,
  values,
  onChange,
  errors,
}: {
  fields: ActionField[];
  values: Values;
  onChange: (name: string, value: unknown) => void;
  errors: Record<string, string>;
}) => {
  const locale = useLocale();
  const words = (l?: Label) => (l ? l[locale === 'en' ? 'en' : 'zh'] : '');
  return (
    <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))' }}>
      {fields.map((f, i) => {
        const heading = f.group && words(f.group) !== words(fields[i - 1]?.group);
        const wide = f.kind !== 'number' && f.kind !== 'date';
        return (
          <Fragment key={f.name}>
            {heading && (
              <Typography variant="subtitle2" sx={{ gridColumn: '1 / -1', mt: i ? 1 : 0 }}>
                {words(f.group)}
              </Typography>
            )}
            <Box sx={wide ? { gridColumn: '1 / -1' } : undefined}>
              <FieldInput
                field={f}
                label={words(f.label)}
                value={valueAt(values, f.name)}
                error={errors[f.name]}
                onChange={(v) => onChange(f.name, v)}
              />
            </Box>
          </Fragment>
        );
      })}
    </Box>
  );
};

const FieldInput = ({
  field: f,
  label,
  value,
  error,
  onChange,
}: {
  field: ActionField;
  label: string;
  value: unknown;
  error?: string;
  onChange: (value: unknown) => void;
}) => {
  const locale = useLocale();
  const common = {
    name: f.name,
    label,
    required: f.required,
    error: Boolean(error),
    helperText: error,
    fullWidth: true,
  };
  switch (f.kind) {
    case 'number':
      return (
        <TextField
          {...common}
          type="number"
          size="small"
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          slotProps={{ htmlInput: { min: f.min, max: f.max } }}
        />
      );
    case 'date':
      return (
        <TextField
          {...common}
          type="date"
          size="small"
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value || undefined)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      );
    case 'choice':
      return (
        <TextField {...common} select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
          {(f.options ?? []).map((o) => (
            <MenuItem key={o.value} value={o.value}>
              {o.label[locale === 'en' ? 'en' : 'zh']}
            </MenuItem>
          ))}
        </TextField>
      );
    case 'boolean':
      return (
        <>
          <FormControlLabel
            label={label}
            control={<Checkbox name={f.name} checked={value === true} onChange={(e) => onChange(e.target.checked)} />}
          />
          {error && <FormHelperText error>{error}</FormHelperText>}
        </>
      );
    case 'choices': {
      const chosen = (value as string[] | undefined) ?? [];
      return (
        <FormControl error={Boolean(error)} component="fieldset">
          <FormLabel component="legend">{label}</FormLabel>
          <FormGroup>
            {(f.options ?? []).map((o) => (
              <FormControlLabel
                key={o.value}
                label={o.label[locale === 'en' ? 'en' : 'zh']}
                control={
                  <Checkbox
                    checked={chosen.includes(o.value)}
                    onChange={(e) =>
                      onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))
                    }
                  />
                }
              />
            ))}
          </FormGroup>
          {error && <FormHelperText>{error}</FormHelperText>}
        </FormControl>
      );
    }
    default:
      return (
        <TextField
          {...common}
          multiline={f.kind === 'textarea'}
          minRows={f.kind === 'textarea' ? 2 : undefined}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
};
