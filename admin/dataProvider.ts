import simpleRestProvider from 'ra-data-simple-rest';
import { type DataProvider, fetchUtils } from 'react-admin';
import type { AvailableAction, TaskAction } from '../domain/approval';
import type { TaskDecision } from '../domain/tasks';
import { readSession } from './session';

/** The API's JSON with the bearer token; errors become HttpError with `body.errors` for inline form messages. */
export const httpClient = (url: string, options: fetchUtils.Options = {}) => {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = readSession()?.token;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetchUtils.fetchJson(url, { ...options, headers });
};

const post = (path: string, body?: unknown, idempotencyKey = crypto.randomUUID()) =>
  httpClient(`/api${path}`, {
    method: 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: new Headers({ 'Idempotency-Key': idempotencyKey }),
  }).then((r) => ({ data: r.json }));

/** ra-data-simple-rest as it is, plus the process actions of cases and tasks. */
export const dataProvider = {
  ...simpleRestProvider('/api', httpClient),
  submitApplication: (id: string) => post(`/applications/${id}/submit`),
  withdrawApplication: (id: string, comment?: string) => post(`/applications/${id}/withdraw`, { comment }),
  claimTask: (id: string) => post(`/tasks/${id}/claim`),
  releaseTask: (id: string) => post(`/tasks/${id}/release`),
  completeTask: (id: string, decision: TaskDecision) => post(`/tasks/${id}/complete`, decision),
  /** One task with the actions the approval engine allows the caller now. */
  getTask: (id: string) =>
    httpClient(`/api/tasks/${encodeURIComponent(id)}`).then((r) => ({
      data: r.json as { actions: AvailableAction[] },
    })),
  /** Any other action of the approval engine (transfer, delegate, add-signers, cc, urge, comment …). */
  taskAction: (id: string, action: TaskAction, body: object) => post(`/tasks/${id}/${action}`, body),
  getHistory: (resource: string, id: string) =>
    httpClient(`/api/${resource}/${encodeURIComponent(id)}/history`).then((r) => ({ data: r.json })),
  markAllRead: () => post('/notifications/read-all'),
  getAnnexA: () => httpClient('/api/stats/annex-a').then((r) => ({ data: r.json })),
  getNetworkSummary: () => httpClient('/api/stats/network').then((r) => ({ data: r.json })),
  async uploadEvidence(caseId: string, item: string, file: File) {
    const body = new FormData();
    body.set('caseId', caseId);
    body.set('item', item);
    body.set('file', file);
    return httpClient('/api/attachments', { method: 'POST', body }).then((r) => ({ data: r.json }));
  },
  async downloadAttachment(id: string, filename: string) {
    const res = await fetch(`/api/attachments/${id}`, { headers: { Authorization: `Bearer ${readSession()?.token}` } });
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: filename });
    a.click();
    URL.revokeObjectURL(url);
  },
} satisfies DataProvider;
export type KejinDataProvider = typeof dataProvider;
