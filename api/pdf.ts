/**
 * The product's printed documents (PDF, pdfkit) share their start: A4, the CJK font (Noto Sans SC,
 * embedded from npm, so no system font is needed), the document's title, and the bytes collected.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
let font: Buffer | null = null;
const cjkFont = () =>
  (font ??= readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')));

export const shanghaiTime = (d: Date) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
    hour12: false,
  }).format(d);

/** A new A4 document in the CJK font, and its bytes once `doc.end()` is called. */
export function newPdf(title: string, options: PDFKit.PDFDocumentOptions = {}) {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: title, Author: '科金 Kejin' }, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  return { doc, done, left, width };
}

/** A heading, then label：value lines. */
export function section(
  doc: PDFKit.PDFDocument,
  heading: string,
  lines: [string, string][],
  left: number,
  width: number,
) {
  doc.moveDown(0.6).fontSize(12).text(heading, left);
  doc.moveDown(0.2).fontSize(10);
  for (const [label, value] of lines) doc.text(`${label}：${value || '—'}`, left, doc.y, { width });
}
