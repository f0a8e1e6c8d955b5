import { defaultExporter, type Exporter } from 'react-admin';
import { neutralisedCell } from '../domain/text';

const neutral = (v: unknown): unknown =>
  typeof v === 'string'
    ? neutralisedCell(v)
    : Array.isArray(v)
      ? v.map(neutral)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, neutral(x)]))
        : v;

/** react-admin's CSV export with every text cell neutralised (`neutralisedCell`): a name is never a formula. */
export const safeExporter: Exporter = (records, fetchRelated, dataProvider, resource) =>
  defaultExporter(records.map(neutral), fetchRelated, dataProvider, resource);
