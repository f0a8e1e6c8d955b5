import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import {
  Box,
  Checkbox,
  FormControlLabel,
  IconButton,
  MenuItem,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { THRESHOLD_FIGURES } from '../../domain/thresholds';

/** The part of JSON Schema (as zod's toJSONSchema writes it) that rule sets use. */
export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: Schema[];
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

type Path = (string | number)[];
/** A group's frame; `minWidth: 0` because a fieldset is never narrower than its content otherwise (sideways scroll on a phone). */
const FIELDSET = { border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, m: 0, minWidth: 0 } as const;
type Value = unknown;
const pathKey = (path: Path) => path.join('.');

/** Words for a property name, a record key or an enum value: never the internal name itself. */
export function useRuleWords() {
  const translate = useTranslate();
  const word = (key: string) =>
    translate(`kejin.rule.${key}`, {
      _: translate(`kejin.category.${key}`, {
        _: translate(`kejin.step.${key}`, {
          _: translate(`kejin.stepName.${key}`, {
            _: translate(`kejin.role.${key}`, {
              _: translate(`kejin.system.${key}`, { _: indicatorLabel(key) ?? key }),
            }),
          }),
        }),
      }),
    });
  return {
    word,
    pathWords: (path: Path) => path.map((p) => (typeof p === 'number' ? `#${p + 1}` : word(p))).join(' › '),
  };
}

const INDICATORS = Object.values(THRESHOLD_FIGURES).flat();
const indicatorLabel = (key: string) => {
  const d = INDICATORS.find((i) => i!.key === key);
  return d ? `${d.label}（${d.unit}）` : undefined;
};

/** A fresh value for a schema (its default, else the empty value of its type). */
function emptyOf(schema: Schema): Value {
  if (schema.default !== undefined) return schema.default;
  if (schema.anyOf) return emptyOf(schema.anyOf[0]!);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([k]) => schema.required?.includes(k))
          .map(([k, s]) => [k, emptyOf(s)]),
      );
    case 'array':
      return [];
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return schema.minimum ?? 0;
    default:
      return '';
  }
}

/** A single input (not a group): laid out side by side with its siblings. */
const isLeaf = (s: Schema) => !s.anyOf && s.type !== 'object' && s.type !== 'array';

/** Which alternative of an anyOf a value is: the first whose required properties it has. */
const variantOf = (schema: Schema, value: Value) =>
  Math.max(
    0,
    schema.anyOf!.findIndex((s) =>
      (s.required ?? []).every((k) => value !== null && typeof value === 'object' && k in (value as object)),
    ),
  );

interface FieldProps {
  schema: Schema;
  value: Value;
  path: Path;
  errors: Record<string, string>;
  onChange(value: Value): void;
  readOnly?: boolean;
}

/**
 * A form for any rule set, built from its schema: objects as labelled groups, records and lists
 * with add / remove, choices as selects in words, numbers with their bounds. The server's schema
 * stays the judge; its refusals land on the field by path.
 */
export function SchemaField({ schema, value, path, errors, onChange, readOnly }: FieldProps) {
  const translate = useTranslate();
  const { word } = useRuleWords();
  const name = path.length ? String(path[path.length - 1]) : '';
  const label = typeof path[path.length - 1] === 'number' ? `#${Number(name) + 1}` : word(name);
  const error = errors[pathKey(path)];
  const nested = (key: string | number, s: Schema, v: Value, set: (v: Value) => void) => (
    <SchemaField
      key={String(key)}
      schema={s}
      value={v}
      path={[...path, key]}
      errors={errors}
      onChange={set}
      readOnly={readOnly}
    />
  );

  if (schema.anyOf) {
    const chosen = variantOf(schema, value);
    return (
      <Stack spacing={1}>
        <TextField
          select
          size="small"
          fullWidth={false}
          sx={{ maxWidth: 280 }}
          label={label}
          value={chosen}
          disabled={readOnly}
          onChange={(e) => onChange(emptyOf(schema.anyOf![Number(e.target.value)]!))}
        >
          {schema.anyOf.map((s, i) => (
            <MenuItem key={Object.keys(s.properties ?? {}).join()} value={i}>
              {translate(`kejin.rule.variant.${s.required?.[0] ?? i}`, { _: String(i + 1) })}
            </MenuItem>
          ))}
        </TextField>
        <SchemaField
          schema={schema.anyOf[chosen]!}
          value={value}
          path={path}
          errors={errors}
          onChange={onChange}
          readOnly={readOnly}
        />
      </Stack>
    );
  }
  if (schema.type === 'object' && schema.properties) {
    const obj = (value ?? {}) as Record<string, Value>;
    return (
      <Box component="fieldset" sx={{ ...FIELDSET, border: path.length ? 1 : 0, p: path.length ? 1.5 : 0 }}>
        {path.length > 0 && (
          <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
            {label}
          </Typography>
        )}
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start' }}>
          {Object.entries(schema.properties).map(([k, s]) =>
            obj[k] === undefined && !schema.required?.includes(k) ? (
              !readOnly && (
                <Box key={k} sx={{ flexBasis: '100%' }}>
                  <AddButton label={word(k)} onClick={() => onChange({ ...obj, [k]: emptyOf(s) })} />
                </Box>
              )
            ) : (
              <Stack
                key={k}
                direction="row"
                spacing={0.5}
                sx={{ alignItems: 'flex-start', flexBasis: isLeaf(s) ? 'auto' : '100%', minWidth: 0 }}
              >
                <Box sx={{ flex: 1, minWidth: 0 }}>{nested(k, s, obj[k], (v) => onChange({ ...obj, [k]: v }))}</Box>
                {!readOnly && !schema.required?.includes(k) && (
                  <RemoveButton
                    label={word(k)}
                    onClick={() => onChange(Object.fromEntries(Object.entries(obj).filter(([x]) => x !== k)))}
                  />
                )}
              </Stack>
            ),
          )}
        </Box>
        <Stack>
          <GroupError error={error} />
        </Stack>
      </Box>
    );
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    const record = (value ?? {}) as Record<string, Value>;
    const entry = schema.additionalProperties;
    const free = (schema.propertyNames?.enum ?? []).filter((k) => !(k in record));
    return (
      <Box component="fieldset" sx={FIELDSET}>
        <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
          {label}
        </Typography>
        <Stack spacing={1.5}>
          {Object.keys(record).map((k) => (
            <Stack key={k} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <Box sx={{ flex: 1, minWidth: 0 }}>
                {nested(k, entry, record[k], (v) => onChange({ ...record, [k]: v }))}
              </Box>
              {!readOnly && (
                <RemoveButton
                  label={word(k)}
                  onClick={() => onChange(Object.fromEntries(Object.entries(record).filter(([x]) => x !== k)))}
                />
              )}
            </Stack>
          ))}
          {!readOnly && schema.propertyNames?.enum && free.length > 0 && (
            <TextField
              select
              size="small"
              fullWidth={false}
              sx={{ maxWidth: 280 }}
              label={translate('kejin.rule.addEntry')}
              value=""
              onChange={(e) => onChange({ ...record, [e.target.value]: emptyOf(entry) })}
            >
              {free.map((k) => (
                <MenuItem key={k} value={k}>
                  {word(k)}
                </MenuItem>
              ))}
            </TextField>
          )}
        </Stack>
      </Box>
    );
  }
  if (schema.type === 'array' && schema.items) {
    const list = (value ?? []) as Value[];
    const items = schema.items;
    return (
      <Box component="fieldset" sx={FIELDSET}>
        <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
          {label}
        </Typography>
        <Stack spacing={1}>
          {list.map((item, i) => (
            <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <Box sx={{ flex: 1, minWidth: 0 }}>
                {nested(i, items, item, (v) => onChange(list.map((x, j) => (j === i ? v : x))))}
              </Box>
              {!readOnly && (
                <RemoveButton label={`#${i + 1}`} onClick={() => onChange(list.filter((_, j) => j !== i))} />
              )}
            </Stack>
          ))}
          {!readOnly && (
            <Box>
              <AddButton label={label} onClick={() => onChange([...list, emptyOf(items)])} />
            </Box>
          )}
          <GroupError error={error} />
        </Stack>
      </Box>
    );
  }
  if (schema.type === 'boolean')
    return (
      <FormControlLabel
        control={<Checkbox checked={value === true} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} />}
        label={label}
      />
    );
  const choices = schema.enum ?? (name === 'indicator' ? INDICATORS.map((i) => i!.key) : undefined);
  const numeric = schema.type === 'number' || schema.type === 'integer';
  const bounds = [
    schema.minimum !== undefined
      ? `≥ ${schema.minimum}`
      : schema.exclusiveMinimum !== undefined
        ? `> ${schema.exclusiveMinimum}`
        : '',
    schema.maximum !== undefined ? `≤ ${schema.maximum}` : '',
  ]
    .filter(Boolean)
    .join('，');
  return (
    <TextField
      size="small"
      fullWidth={false}
      sx={{ minWidth: 200, maxWidth: choices ? 360 : 240 }}
      name={pathKey(path)}
      label={label}
      select={Boolean(choices)}
      type={numeric ? 'number' : 'text'}
      value={value ?? ''}
      disabled={readOnly}
      error={Boolean(error)}
      helperText={error ?? (numeric && bounds ? bounds : undefined)}
      onChange={(e) =>
        onChange(numeric ? (e.target.value === '' ? undefined : Number(e.target.value)) : e.target.value)
      }
    >
      {choices?.map((c) => (
        <MenuItem key={c} value={c}>
          {name === 'op' ? c : word(c)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** A group's own refusal (one that names the group, not one of its fields). */
const GroupError = ({ error }: { error?: string }) =>
  error ? (
    <Typography variant="caption" color="error">
      {error}
    </Typography>
  ) : null;

function AddButton({ label, onClick }: { label: string; onClick(): void }) {
  const translate = useTranslate();
  return (
    <Tooltip title={translate('kejin.rule.add', { name: label })}>
      <IconButton size="small" onClick={onClick} aria-label={translate('kejin.rule.add', { name: label })}>
        <AddIcon fontSize="small" />
        <Typography variant="caption" sx={{ ml: 0.5 }}>
          {translate('kejin.rule.add', { name: label })}
        </Typography>
      </IconButton>
    </Tooltip>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick(): void }) {
  const translate = useTranslate();
  return (
    <IconButton size="small" onClick={onClick} aria-label={translate('kejin.rule.remove', { name: label })}>
      <DeleteOutlineIcon fontSize="small" />
    </IconButton>
  );
}

/** Every leaf of a rule set as path → shown value, for the diff before publishing. */
export function leaves(value: Value, path: Path = []): Map<string, { path: Path; text: string }> {
  const out = new Map<string, { path: Path; text: string }>();
  if (value !== null && typeof value === 'object')
    for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value))
      for (const [key, leaf] of leaves(v, [...path, k])) out.set(key, leaf);
  else out.set(pathKey(path), { path, text: String(value) });
  return out;
}

const valueAt = (value: Value, path: Path): Value =>
  path.reduce<Value>((v, k) => (v as Record<string | number, Value> | undefined)?.[k], value);

/**
 * An edit (base → draft) carried over onto a newer version: every value the edit changed or added
 * is set in a copy of the newer one; the rest is the newer version's. Items the edit removed are
 * not carried (the review before publishing shows the change against the newer version).
 */
export function carryOver(base: Value, draft: Value, newer: Value): Value {
  const before = leaves(base);
  const result = structuredClone(newer ?? {}) as Record<string | number, Value>;
  for (const [key, leaf] of leaves(draft)) {
    if (before.get(key)?.text === leaf.text) continue;
    let node = result;
    leaf.path.forEach((k, i) => {
      if (i === leaf.path.length - 1) node[k] = valueAt(draft, leaf.path);
      else {
        if (node[k] === null || typeof node[k] !== 'object') node[k] = typeof leaf.path[i + 1] === 'number' ? [] : {};
        node = node[k] as Record<string | number, Value>;
      }
    });
  }
  return result;
}
