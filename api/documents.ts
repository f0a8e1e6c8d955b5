/**
 * The documents an office files and posts, printed as PDF (api/pdf.ts): the 申报书 as submitted
 * (content, checklist, evidence with each file's SHA-256) and the 公示 as posted (the list, its
 * period and how to object). The 审批单 is api/approvalSheet.ts.
 */
import type { ApplicationView } from '../domain/application.js';
import {
  APPLICANT_KIND_WORDS,
  CATEGORY_WORDS,
  CHECKLIST_WORDS,
  PLAN_WORDS,
  SYSTEM_WORDS,
} from '../domain/applicationWords.js';
import type { PublicNotice } from '../domain/notice.js';
import { newPdf, section, shanghaiTime } from './pdf.js';

const zh = (words: Record<string, readonly [string, string]>, code: string | null | undefined) =>
  (code && words[code]?.[0]) ?? '—';

export interface Evidence {
  item: string | null;
  filename: string;
  size: number;
  sha256: string;
}

/** 申报书: the application as submitted, for the file and the applicant's records. */
export function renderApplicationForm(
  app: ApplicationView,
  evidence: Evidence[],
  printed: { by: string; at: Date },
): Promise<Buffer> {
  const { doc, done, left, width } = newPdf(`申报书 ${app.orgName}`);
  doc.fontSize(18).text('广东省科技金融服务网络分中心申报书', { align: 'center' });
  doc.moveDown(0.3).fontSize(12).text(app.orgName, { align: 'center' });
  section(
    doc,
    '一、申报单位',
    [
      ['申报单位', app.orgName],
      ['统一社会信用代码', app.creditCode],
      ['申报体系', zh(SYSTEM_WORDS, app.system)],
      ['类型', zh(CATEGORY_WORDS, app.category)],
      ['申报渠道', zh(APPLICANT_KIND_WORDS, app.applicantKind)],
      ['所在地市', app.city],
      ['提交时间', app.submittedAt ? shanghaiTime(new Date(app.submittedAt)) : '未提交'],
      ['申报编号', app.id],
    ],
    left,
    width,
  );
  section(
    doc,
    '二、建设方案',
    Object.entries(PLAN_WORDS).map(([key, [label]]) => [label, (app.plan as Record<string, string>)?.[key] ?? '']),
    left,
    width,
  );
  section(
    doc,
    '三、资质条件',
    Object.entries(CHECKLIST_WORDS).map(([key, [label]]) => [
      label,
      (app.checklist as Record<string, boolean>)?.[key] ? '符合' : '不符合',
    ]),
    left,
    width,
  );
  if (app.thresholdResults.length)
    section(
      doc,
      '四、准入门槛指标',
      app.thresholdResults.map((t) => [
        t.label,
        `${t.value ?? '—'}${t.unit}（要求 ${t.op} ${t.limit}${t.unit}，${t.passed ? '达标' : '未达标'}）`,
      ]),
      left,
      width,
    );
  doc
    .moveDown(0.6)
    .fontSize(12)
    .text(`${app.thresholdResults.length ? '五' : '四'}、佐证材料清单`, left);
  doc.moveDown(0.2).fontSize(9);
  if (evidence.length === 0) doc.text('无', left);
  evidence.forEach((e, i) => {
    if (doc.y > doc.page.height - 100) doc.addPage();
    doc.text(
      `${i + 1}. ${e.item ? zh(CHECKLIST_WORDS, e.item) : '其他'} · ${e.filename} · ${(e.size / 1024).toFixed(1)} KB`,
      left,
      doc.y,
      { width },
    );
    doc.fillColor('#444444').text(`SHA-256：${e.sha256}`, left + 12, doc.y, { width: width - 12 });
    doc.fillColor('#000000');
  });
  doc.moveDown().fontSize(8).fillColor('#444444');
  doc.text('佐证材料以其 SHA-256 摘要为凭，可与系统中保存的文件核对。', left, doc.y, { width });
  doc.text(`打印：${printed.by}　${shanghaiTime(printed.at)}（Asia/Shanghai）`, left);
  doc.end();
  return done;
}

/** 公示 as posted: the list with each organisation's result, the period, and how to object. */
export function renderNotice(notice: PublicNotice): Promise<Buffer> {
  const { doc, done, left, width } = newPdf(notice.title);
  doc.fontSize(16).text(notice.title, { align: 'center', width });
  doc.moveDown(0.3).fontSize(10).text(`第 ${notice.version} 版`, { align: 'center', width });
  doc.moveDown();
  doc
    .fontSize(10)
    .text(
      `公示期：${shanghaiTime(new Date(notice.startsAt))} 至 ${shanghaiTime(new Date(notice.endsAt))}（Asia/Shanghai）`,
      left,
      doc.y,
      { width },
    );
  doc.moveDown(0.6).fontSize(12).text('公示名单', left);
  doc.moveDown(0.2).fontSize(10);
  notice.items.forEach((item, i) => {
    if (doc.y > doc.page.height - 100) doc.addPage();
    doc.text(`${i + 1}. ${item.orgName}　${item.city}　${zh(SYSTEM_WORDS, item.system)}　${item.result}`, left, doc.y, {
      width,
    });
  });
  doc.moveDown(0.6).fontSize(12).text('异议方式', left);
  doc.moveDown(0.2).fontSize(10).text(notice.howToObject, left, doc.y, { width });
  doc.end();
  return done;
}
