import { createHash, randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { visibleApplication } from '../../db/queries/applications.js';
import {
  attachmentById,
  attachmentsOfCase,
  attachmentsOfCaseAmong,
  insertAttachment,
} from '../../db/queries/attachments.js';
import { ChecklistItem } from '../../domain/application.js';
import { DomainError } from '../../domain/errors.js';
import { say } from '../../domain/messages.js';
import type { ApiDeps, AppEnv } from '../context.js';
import { MAX_EVIDENCE } from '../inputGuard.js';
import { IdParam, security } from '../openapi.js';
import { validationHook } from '../validation.js';

export const MAX_ATTACHMENT_BYTES = MAX_EVIDENCE;
/** File types accepted as evidence: PDF and OFD documents, images, Office files. */
export const ALLOWED_TYPES: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'application/ofd': ['.ofd'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
};

/** How each allowed type's content begins (a renamed .exe is not a PDF). OFD, DOCX and XLSX are ZIP packages. */
const MAGIC: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'application/ofd': [0x50, 0x4b, 0x03, 0x04],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [0x50, 0x4b, 0x03, 0x04],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [0x50, 0x4b, 0x03, 0x04],
};
const contentIs = (type: string, data: Buffer) => (MAGIC[type] ?? []).every((byte, i) => data[i] === byte);
/** A file name safe to store and to send back: no path, no control or reserved characters, at most 200 characters. */
export const safeFileName = (name: string) =>
  (name.split(/[\\/]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .slice(-200) || 'file';

export const Attachment = z.object({
  id: z.string(),
  caseType: z.string(),
  caseId: z.string(),
  item: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
const UploadForm = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary' }),
  caseId: z.uuid().describe('the application'),
  item: ChecklistItem,
});
const toAttachment = (r: {
  id: string;
  case_type: string;
  case_id: string;
  item: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  created_at: Date;
}) => ({
  id: r.id,
  caseType: r.case_type,
  caseId: r.case_id,
  item: r.item,
  filename: r.filename,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Evidence uploads. Only the applicant of a case still being edited may upload; whoever may read
 * the case may download. Size and type are checked here, and the SHA-256 is recorded.
 */
export function attachmentRoutes({ db }: ApiDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['attachments'],
        summary: `Upload evidence (multipart; ≤ ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB; ${Object.values(ALLOWED_TYPES).flat().join(' ')})`,
        security,
        request: { body: { content: { 'multipart/form-data': { schema: UploadForm } }, required: true } },
        responses: {
          201: { description: 'stored', content: { 'application/json': { schema: Attachment } } },
          403: { description: 'not your case' },
          409: { description: 'the case is no longer editable' },
          413: { description: 'too large' },
          422: { description: 'bad type or field' },
        },
      }),
      async (c) => {
        const actor = c.get('actor');
        const { file, caseId, item } = c.req.valid('form');
        if (!(file instanceof File))
          throw new DomainError('validation', say('fileIsRequired'), { file: say('required') });
        const app = await visibleApplication(db, actor, caseId);
        if (!app) throw new DomainError('not_found', say('noSuchApplication', caseId));
        if (app.created_by !== actor.id && !(actor.organizationId && app.organization_id === actor.organizationId))
          throw new DomainError('forbidden', say('onlyApplicantMayUploadEvidence'));
        if (app.status !== 'draft' && app.status !== 'supplement_requested')
          throw new DomainError('conflict', say('cannotUploadNow'));
        if (file.size > MAX_ATTACHMENT_BYTES)
          return c.json(
            {
              message: say('fileTooLarge', MAX_ATTACHMENT_BYTES / 1024 / 1024),
              errors: { file: say('fileTooLarge', MAX_ATTACHMENT_BYTES / 1024 / 1024) },
            },
            413,
          );
        const extension = file.name.slice(file.name.lastIndexOf('.')).toLowerCase();
        const type = Object.entries(ALLOWED_TYPES).find(
          ([mime, exts]) =>
            exts.includes(extension) &&
            (file.type === mime || file.type === '' || file.type === 'application/octet-stream'),
        );
        if (!type)
          throw new DomainError(
            'validation',
            say('fileTypeNotAllowed', Object.values(ALLOWED_TYPES).flat().join(' ')),
            { file: 'type not allowed' },
          );
        const data = Buffer.from(await file.arrayBuffer());
        if (!contentIs(type[0], data))
          throw new DomainError('validation', say('contentNotOfItsType'), {
            file: say('contentNotOfType'),
          });
        const row = await insertAttachment(db, {
          id: randomUUID(),
          case_type: 'admission',
          case_id: caseId,
          item,
          filename: safeFileName(file.name),
          content_type: type[0],
          size: data.length,
          sha256: createHash('sha256').update(data).digest('hex'),
          data,
          uploaded_by: actor.id,
        });
        return c.json(toAttachment(row), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['attachments'],
        summary: 'Download (for those who may read the case)',
        security,
        request: { params: IdParam },
        responses: { 200: { description: 'the file' }, 404: { description: 'not found or not visible' } },
      }),
      async (c) => {
        const att = await attachmentById(db, c.req.valid('param').id);
        const visible = att && (await visibleApplication(db, c.get('actor'), att.case_id));
        if (!att || !visible) throw new DomainError('not_found', 'no such attachment');
        return c.body(new Uint8Array(att.data), 200, {
          'Content-Type': att.content_type,
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(att.filename)}`,
          'X-Content-SHA256': att.sha256,
        });
      },
    );
}

/** Throws unless every referenced attachment belongs to the case. */
export async function checkEvidence(
  db: ApiDeps['db'],
  caseId: string,
  evidence: Partial<Record<string, string[]>> | undefined,
) {
  const ids = Object.values(evidence ?? {})
    .flat()
    .filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return;
  const known = await attachmentsOfCaseAmong(db, caseId, ids);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw new DomainError('validation', say('unknownAttachment'), {
      evidence: say('attachmentsNotOfCase', unknown.join(', ')),
    });
}

/** Attachment metadata of a case, for its detail view. */
export async function caseAttachments(db: ApiDeps['db'], caseId: string) {
  return (await attachmentsOfCase(db, caseId)).map(toAttachment);
}
