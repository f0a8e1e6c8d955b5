/**
 * The printable approval sheet (审批单) of a case as PDF: the case summary, every decision with
 * its reviewer, acting-for (代理), decision, written opinion, time and signature image, and the
 * hash of the last audit entry so a printed sheet can be checked against the trail. The CJK font
 * (Noto Sans SC) is embedded from npm, so no system font is needed.
 */

import { DECISION_LABELS, type Decision, stepLabel } from '../domain/approval.js';
import { newPdf, shanghaiTime } from './pdf.js';

export interface SheetRow {
  step: string;
  reviewer: string;
  actingFor: string | null;
  decision: string;
  opinion: string;
  at: Date;
  signature: Buffer | null;
}
export interface SheetInput {
  kind: string;
  title: string;
  fields: [string, string][];
  rows: SheetRow[];
  lastAuditHash: string | null;
  printedBy: string;
  printedAt: Date;
}

const decisionLabel = (d: string) =>
  DECISION_LABELS[d as Decision]?.zh ??
  (
    { statement: '提交陈述', passed: '验收通过', passed_with_conditions: '有条件通过', failed: '验收不通过' } as Record<
      string,
      string
    >
  )[d] ??
  d;

export function renderApprovalSheet(input: SheetInput): Promise<Buffer> {
  const { doc, done, left, width } = newPdf(`审批单 ${input.title}`);
  doc.fontSize(18).text(`${input.kind}审批单`, { align: 'center' });
  doc.moveDown(0.3).fontSize(12).text(input.title, { align: 'center' });
  doc.moveDown();
  doc.fontSize(10);
  for (const [label, value] of input.fields) doc.text(`${label}：${value}`);
  doc.moveDown();
  doc.fontSize(12).text('审批记录');
  doc.moveDown(0.3);
  for (const row of input.rows) {
    if (doc.y > doc.page.height - 160) doc.addPage();
    const top = doc.y;
    doc
      .moveTo(left, top)
      .lineTo(left + width, top)
      .strokeColor('#999999')
      .stroke();
    doc.moveDown(0.3).fontSize(10);
    doc.text(
      `环节：${stepLabel(row.step).zh}　　决定：${decisionLabel(row.decision)}　　时间：${shanghaiTime(row.at)}`,
      left,
    );
    doc.text(`审批人：${row.reviewer}${row.actingFor ? `（代理 ${row.actingFor}）` : ''}`, left);
    doc.text(`审批意见：${row.opinion || '—'}`, left, doc.y, { width });
    if (row.signature) {
      doc.text('签名：', left);
      doc.image(row.signature, left + 40, doc.y - 14, { fit: [120, 40] });
      doc.moveDown(2.5);
    }
    doc.moveDown(0.5);
  }
  if (input.rows.length === 0) doc.fontSize(10).text('尚无审批记录');
  doc.moveDown();
  doc.fontSize(8).fillColor('#444444');
  doc.text(`审计链最后一条记录的哈希（可与审计轨迹核对）：${input.lastAuditHash ?? '—'}`, left, doc.y, { width });
  doc.text(`打印：${input.printedBy}　${shanghaiTime(input.printedAt)}（Asia/Shanghai）`, left);
  doc.end();
  return done;
}
