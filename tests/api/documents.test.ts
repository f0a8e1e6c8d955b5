/**
 * The documents an office files and posts (api/documents.ts, api/approvalSheet.ts): the 申报书 as
 * submitted with its evidence and their SHA-256, the 公示 as posted, and the 审批单 digitally
 * signed so that a PDF reader (poppler's pdfsig) finds it intact, and not once a byte changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formBody } from '../../scripts/dev/formBody.js';
import { setupApi } from '../support/api.js';
import { buildApplication } from '../support/builders.js';

const ctx = setupApi();
const q = (v: object) => encodeURIComponent(JSON.stringify(v));

/** A PDF of the API's, saved to a file, for poppler to read. */
async function pdfOf(path: string, username?: string) {
  const res = await ctx.api.app.request(path, {
    headers: username ? { Authorization: `Bearer ${await ctx.api.token(username)}` } : {},
  });
  expect(res.status, path).toBe(200);
  expect(res.headers.get('Content-Type')).toBe('application/pdf');
  const file = join(mkdtempSync(join(tmpdir(), 'document-')), 'document.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}
const textOf = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe('printed documents', () => {
  it('prints the 申报书 as submitted: content, checklist in words, each evidence file with its SHA-256', async () => {
    const data = buildApplication({ orgName: `申报书测试机构-${Date.now()}` });
    const me = await ctx.api.applicantOf(data);
    const draft = (await me.post('/api/applications', data)).body;
    const bytes = new TextEncoder().encode('%PDF-1.4\n% 场地租赁合同\n');
    const body = new FormData();
    body.set('caseId', draft.id);
    body.set('item', 'venue');
    body.set('file', new File([bytes], '场地租赁合同.pdf', { type: 'application/pdf' }));
    const encoded = await formBody(body);
    const stored = await ctx.api.app.request('/api/attachments', {
      method: 'POST',
      body: encoded.body,
      headers: { ...encoded.headers, Authorization: `Bearer ${await ctx.api.token(me.username)}` },
    });
    expect(stored.status).toBe(201);
    const attachment = (await stored.json()) as { id: string };
    await me.put(`/api/applications/${draft.id}`, { evidence: { venue: [attachment.id] } });
    expect((await me.post(`/api/applications/${draft.id}/submit`)).status).toBe(200);
    const text = textOf(await pdfOf(`/api/applications/${draft.id}/application-form.pdf`, 'gz_reviewer'));
    for (const words of [
      '广东省科技金融服务网络分中心申报书',
      data.orgName,
      data.creditCode,
      '科技服务体系',
      '综合型',
      '地市推荐',
      '区域特色',
      '服务场地（接待、会议、活动、展示）：符合',
      '场地租赁合同.pdf',
      createHash('sha256').update(bytes).digest('hex'),
    ])
      expect(text, words).toContain(words.replace(/\s+/g, ''));
    expect(text).not.toMatch(/tech_service|comprehensive|municipal|venue/);
    // a reviewer of another city may not print it
    const other = await ctx.api.app.request(`/api/applications/${draft.id}/application-form.pdf`, {
      headers: { Authorization: `Bearer ${await ctx.api.token('dg_reviewer')}` },
    });
    expect(other.status).toBe(404);
  });

  it('prints the 公示 as posted, for anyone: the list, its period, how to object', async () => {
    // an admission the Provincial Center approves goes on the public list
    const data = buildApplication({ applicantKind: 'provincial_unit', orgName: `公示打印测试机构-${Date.now()}` });
    const { id } = await ctx.api.submittedCase(data);
    const [task] = (await ctx.api.as('province_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`))
      .body;
    await ctx.api
      .as('province_reviewer')
      .post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意' });
    const listed = () => ctx.api.call('GET', `/api/public/notices?filter=${q({ q: data.orgName })}`);
    await expect.poll(async () => (await listed()).body.length).toBe(1);
    const notice = (await listed()).body[0] as { id: string; title: string };
    const text = textOf(await pdfOf(`/api/public/notices/${encodeURIComponent(notice.id)}/notice.pdf`));
    for (const words of [notice.title, '公示期', '公示名单', data.orgName, '拟纳入分中心管理序列', '异议方式'])
      expect(text, words).toContain(words.replace(/\s+/g, ''));
  });

  it('signs the 审批单: a PDF reader finds the signature valid, and invalid once a byte is changed', async () => {
    const { id } = await ctx.api.submittedCase();
    const [task] = (await ctx.api.as('gz_reviewer').get(`/api/tasks?filter=${q({ caseId: id, status: 'open' })}`)).body;
    await ctx.api
      .as('gz_reviewer')
      .post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意推荐' });
    const file = await pdfOf(`/api/applications/${id}/approval-sheet.pdf`, 'gz_reviewer');
    const checked = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    expect(checked).toContain('Signature Type: ETSI.CAdES.detached');
    expect(checked).toContain('Total document signed');
    expect(checked).toContain('Signature Validation: Signature is Valid.');
    expect(textOf(file)).toContain('同意推荐');
    // one byte of the signed content changed (inside the first signed range): the signature no longer holds
    const bytes = readFileSync(file);
    const at = bytes.indexOf('/Producer');
    bytes[at + 1] = bytes[at + 1] === 0x50 ? 0x51 : 0x50;
    const tampered = `${file}.changed.pdf`;
    writeFileSync(tampered, bytes);
    const recheck = spawnSync('pdfsig', [tampered], { encoding: 'utf8' });
    expect(recheck.stdout).not.toContain('Signature is Valid.');
    expect(recheck.stdout).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });
});
