/**
 * Every list exports to Excel (.xlsx) as filtered and sorted (react-admin's 导出 button): headers
 * in the reader's language, values in words, dates in Asia/Shanghai, money as numbers with a ¥
 * format, and no cell that a spreadsheet would take for a formula. The rows are read with the
 * export header, so the API records the export in the operation log (api/operationLog.ts).
 * exceljs loads only when someone exports.
 */
import type { Exporter, RaRecord } from 'react-admin';
import { neutralisedCell } from '../domain/text';
import { SHANGHAI_OFFSET_MS, shanghaiDate } from '../domain/workdays';
import { i18nProvider } from './i18n';

type Kind = 'text' | 'date' | 'datetime' | 'money' | 'number' | 'words';
/** A column of an exported list: the list's field (its header), how its value is read and written. */
export interface XlsxColumn {
  source: string;
  kind: Kind;
  /** words: the i18n prefix of the value's words (`kejin.system` → `kejin.system.financial`). */
  words?: string;
  value?: (record: RaRecord) => unknown;
}

const column =
  (kind: Kind) =>
  (source: string, value?: (record: RaRecord) => unknown): XlsxColumn => ({ source, kind, value });
/** The columns' kinds, e.g. `[text('name'), words('system', 'kejin.system'), date('admittedAt')]`. */
export const text = column('text');
export const date = column('date');
export const dateTime = column('datetime');
export const money = column('money');
export const number = column('number');
/** A case's status in words (as CaseStatusField shows it). */
export const status = (source = 'status') => words(source, 'kejin.status|kejin.caseStatus');
export const words = (source: string, prefix: string, value?: (record: RaRecord) => unknown): XlsxColumn => ({
  source,
  kind: 'words',
  words: prefix,
  value,
});

const FORMATS: Partial<Record<Kind, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  money: '"¥"#,##0.00',
  number: '0.##',
};

/** One cell's value: a date as its Asia/Shanghai wall time (Excel's dates have no zone), words for a code. */
function cellOf(col: XlsxColumn, raw: unknown): unknown {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (col.kind) {
    case 'date':
    case 'datetime': {
      const at = Date.parse(String(raw));
      return Number.isNaN(at) ? null : new Date(at + SHANGHAI_OFFSET_MS);
    }
    case 'money':
    case 'number':
      return Number(raw);
    case 'words': {
      // the first of the prefixes (`kejin.status|kejin.caseStatus`) that has words for the value
      for (const prefix of col.words!.split('|')) {
        const said = i18nProvider.translate(`${prefix}.${raw}`, { _: '' });
        if (said) return said;
      }
      return '—';
    }
    default:
      return typeof raw === 'boolean'
        ? i18nProvider.translate(raw ? 'kejin.rule.true' : 'kejin.rule.false')
        : neutralisedCell(String(raw));
  }
}

/** A column's header: the list's field name (`resources.<list>.fields.<source>`), or a key of its own. */
const headerOf = (headers: string, c: XlsxColumn) => i18nProvider.translate(`${headers}.${c.source}`, { _: c.source });

/** A cell's value as the console shows it in a table (the same words and figures as the .xlsx). */
export function shown(c: XlsxColumn, record: RaRecord): string {
  const v = cellOf(c, c.value ? c.value(record) : record[c.source]);
  if (v === null || v === undefined) return '—';
  if (v instanceof Date)
    return v
      .toISOString()
      .slice(0, c.kind === 'date' ? 10 : 16)
      .replace('T', ' ');
  if (typeof v === 'number') return c.kind === 'money' ? `¥${v.toLocaleString('zh-CN')}` : String(v);
  return String(v).replace(/^'(?=[=+\-@])/, '');
}

/** Rows to an .xlsx the browser downloads: `title` names the sheet and the file; headers from the i18n prefix. */
export async function downloadXlsx(title: string, headers: string, columns: XlsxColumn[], records: RaRecord[]) {
  const { Workbook } = (await import('exceljs')).default;
  const book = new Workbook();
  book.creator = 'Kejin 科金';
  const sheet = book.addWorksheet(title.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31));
  sheet.columns = columns.map((c) => ({
    header: headerOf(headers, c),
    key: c.source,
    width: c.kind === 'text' || c.kind === 'words' ? 24 : 16,
    style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {},
  }));
  for (const record of records)
    sheet.addRow(
      Object.fromEntries(columns.map((c) => [c.source, cellOf(c, c.value ? c.value(record) : record[c.source])])),
    );
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const bytes = await book.xlsx.writeBuffer();
  const day = shanghaiDate(new Date());
  const link = document.createElement('a');
  link.href = URL.createObjectURL(
    new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  link.download = `${title}-${day}.xlsx`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** A list's exporter: its columns, in the list's order. */
export const xlsxExporter =
  (columns: XlsxColumn[]): Exporter =>
  (records: RaRecord[], _related, _dataProvider, resource = 'export') =>
    downloadXlsx(
      i18nProvider.translate(`resources.${resource}.name`, { smart_count: 2, _: resource }),
      `resources.${resource}.fields`,
      columns,
      records,
    );
