import simpleRestProvider from 'ra-data-simple-rest';
import { type DataProvider, fetchUtils, type GetListParams, type GetListResult, type RaRecord } from 'react-admin';
import type { AvailableAction, TaskAction } from '../domain/approval';
import { BACKGROUND_READ_HEADER, EXPORT_HEADER, TOTAL_EXACT_HEADER } from '../domain/headers';
import type { TaskDecision } from '../domain/tasks';
import { readersLanguage } from './i18n';
import { readSession } from './session';

/** The counts of my task center (GET /api/users/me/summary). */
export interface MySummary {
  openTasks: number;
  overdue: number;
  needsMe: number;
  done: number;
  cc: number;
  started: number | null;
}

/** The review office's figures (GET /api/stats/office). */
export interface OfficeFigures {
  year: number;
  stepTimes: { caseType: string; step: string; tasks: number; medianDays: number | null; p90Days: number | null }[];
  overdueBySteps: { caseType: string; step: string; tasks: number; overdue: number; rate: number }[];
  overdueByReviewers: { reviewer: string; tasks: number; overdue: number; rate: number }[];
  casesByState: { caseType: string; status: string; cases: number }[];
  objectionsByNotice: {
    title: string;
    kind: string;
    startsAt: string;
    objections: number;
    upheld: number;
    dismissed: number;
    pending: number;
  }[];
}

/** A saved view (视图) of a list (GET /api/users/me/views). */
export interface SavedView {
  id: string;
  resource: string;
  name: string;
  filter: Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' };
  perPage: number;
  sharedRole: string | null;
  mine: boolean;
  ownerName: string | null;
}

/** 批量审批's answer (POST /api/tasks/batch-decisions). */
export interface BatchResult {
  decided: number;
  refused: number;
  results: { taskId: string; title: string | null; decided: boolean; status: number; message: string | null }[];
}

/** A colleague who may stand in for me (代理), as the API offers them. */
export interface StandInCandidate {
  username: string;
  displayName: string;
  city: string | null;
  organizationName: string | null;
}

/** Re-reads the console makes by itself (admin/live.ts) under way: they do not keep the session awake. */
let backgroundReads = 0;
export async function readInBackground(reread: () => Promise<void>) {
  backgroundReads++;
  try {
    await reread();
  } finally {
    backgroundReads--;
  }
}

/** The API's JSON with the bearer token; errors become HttpError with `body.errors` for inline form messages. */
export const httpClient = (url: string, options: fetchUtils.Options = {}) => {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = readSession()?.token;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  headers.set('Accept-Language', readersLanguage()['Accept-Language']);
  // the API does not count these as the person's activity: a console left open still idles out
  if (backgroundReads > 0 && (options.method ?? 'GET') === 'GET') headers.set(BACKGROUND_READ_HEADER, '1');
  // the API answers refusals in the console's language (Accept-Language)
  return fetchUtils.fetchJson(url, { ...options, headers });
};

const post = (path: string, body?: unknown, idempotencyKey: string = crypto.randomUUID()) =>
  httpClient(`/api${path}`, {
    method: 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: new Headers({ 'Idempotency-Key': idempotencyKey }),
  }).then((r) => ({ data: r.json }));

const simpleRest = simpleRestProvider('/api', httpClient);

/** An export's rows (导出): the list as filtered and sorted, read 500 at a time, marked as an export. */
async function exportRows(resource: string, params: GetListParams): Promise<GetListResult> {
  const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
  const rows: RaRecord[] = [];
  const PAGE = 500;
  for (let start = 0; start < (params.pagination?.perPage ?? 1000); start += PAGE) {
    const query = new URLSearchParams({
      sort: JSON.stringify([field, order]),
      range: JSON.stringify([start, start + PAGE - 1]),
      filter: JSON.stringify(params.filter ?? {}),
    });
    const { json } = await httpClient(`/api/${resource}?${query}`, {
      signal: params.signal,
      headers: new Headers({ Accept: 'application/json', [EXPORT_HEADER]: '1' }),
    });
    rows.push(...(json as RaRecord[]));
    if ((json as RaRecord[]).length < PAGE) break;
  }
  return { data: rows, total: rows.length };
}

/** ra-data-simple-rest as it is, lists aside (below), plus the process actions of cases and tasks. */
export const dataProvider = {
  ...simpleRest,
  /**
   * A page of a list, as ra-data-simple-rest asks for it; where the API counted only up to its cap
   * (`X-Total-Exact: false`) the page goes without a total, and the pagination reads "1000+".
   */
  async getList(resource: string, params: GetListParams): Promise<GetListResult> {
    if (params.meta?.export) return exportRows(resource, params);
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
    const query = new URLSearchParams({
      sort: JSON.stringify([field, order]),
      range: JSON.stringify([(page - 1) * perPage, page * perPage - 1]),
      filter: JSON.stringify(params.filter ?? {}),
    });
    const { headers, json } = await httpClient(`/api/${resource}?${query}`, { signal: params.signal });
    if (headers.get(TOTAL_EXACT_HEADER) === 'false')
      return { data: json, pageInfo: { hasPreviousPage: page > 1, hasNextPage: json.length === perPage } };
    return { data: json, total: Number(headers.get('Content-Range')?.split('/').pop() ?? json.length) };
  },
  submitApplication: (id: string) => post(`/applications/${id}/submit`),
  withdrawApplication: (id: string, comment?: string) => post(`/applications/${id}/withdraw`, { comment }),
  recallApplication: (id: string) => post(`/applications/${id}/recall`, {}),
  /** 撤回 of a sub-center's self-report or statement (evaluations, revocations). */
  recallSubmission: (resource: string, id: string) => post(`/${resource}/${encodeURIComponent(id)}/recall`, {}),
  /** The printable approval sheet (审批单, PDF) in a new tab; printing is recorded in the audit trail. */
  /** 复核: the caller's organisation's results it may ask a review of, or has. */
  reviewable: () => httpClient('/api/notices/reviewable').then((r) => r.json as Reviewable[]),
  requestReview: (noticeId: string, body: { itemId: string; content: string; reasons: string }) =>
    post(`/notices/${encodeURIComponent(noticeId)}/reviews`, body),
  /** The 申报书 as submitted (PDF) in a new tab. */
  openApplicationForm: (id: string) => openFile(`/api/applications/${encodeURIComponent(id)}/application-form.pdf`),
  openApprovalSheet: (resource: string, id: string) =>
    openFile(`/api/${resource}/${encodeURIComponent(id)}/approval-sheet.pdf`),
  claimTask: (id: string) => post(`/tasks/${id}/claim`),
  releaseTask: (id: string) => post(`/tasks/${id}/release`),
  completeTask: (id: string, decision: TaskDecision) => post(`/tasks/${id}/complete`, decision),
  /** One task with the actions the approval engine allows the caller now. */
  getTask: (id: string) =>
    httpClient(`/api/tasks/${encodeURIComponent(id)}`).then((r) => ({
      data: r.json as { actions: AvailableAction[]; actingFor: string | null; checks: Checked | null },
    })),
  /** Any other action of the approval engine (transfer, delegate, add-signers, cc, urge, comment …). */
  taskAction: (id: string, action: TaskAction, body: object) => post(`/tasks/${id}/${action}`, body),
  /** Whom an action on the task may name, found by a part of the name. */
  taskCandidates: (id: string, action: TaskAction, q: string) =>
    httpClient(
      `/api/tasks/${encodeURIComponent(id)}/candidates?action=${encodeURIComponent(action)}&q=${encodeURIComponent(q)}`,
    ).then(
      (r) =>
        r.json as { username: string; displayName: string; city: string | null; organizationName: string | null }[],
    ),
  getForecast: (resource: string, id: string) =>
    httpClient(`/api/${resource}/${encodeURIComponent(id)}/forecast`).then((r) => ({ data: r.json })),
  /** The caller's own organisation: its registered name, credit code and city. */
  getMyOrganization: () =>
    httpClient('/api/organizations/mine').then((r) => ({
      data: r.json as {
        id: string;
        name: string;
        creditCode: string | null;
        city: string | null;
        applicationInProgress: { id: string; orgName: string } | null;
        subCenter: { id: string; name: string } | null;
      },
    })),
  /** 视图: my saved views of a list and those shared with my roles. */
  getSavedViews: (resource: string) =>
    httpClient(`/api/users/me/views?resource=${encodeURIComponent(resource)}`).then((r) => r.json as SavedView[]),
  saveView: (view: Omit<SavedView, 'id' | 'mine' | 'ownerName' | 'sharedRole'> & { sharedRole: string | null }) =>
    post('/users/me/views', view),
  archiveSavedView: (id: string) => post(`/users/me/views/${encodeURIComponent(id)}/archive`),
  /** 批量审批: one decision and opinion for tasks of one step; a result per task (the key makes a retry decide nothing twice). */
  batchDecide: (body: { taskIds: string[]; decision: 'approve' | 'reject'; comment: string }, key: string) =>
    post('/tasks/batch-decisions', body, key).then((r) => r.data as BatchResult),
  getMySummary: () => httpClient('/api/users/me/summary').then((r) => ({ data: r.json as MySummary })),
  getHistory: (resource: string, id: string) =>
    httpClient(`/api/${resource}/${encodeURIComponent(id)}/history`).then((r) => ({ data: r.json })),
  markAllRead: () => post('/notifications/read-all'),
  unlockUser: (id: string) => post(`/users/${encodeURIComponent(id)}/unlock`),
  endSessions: (id: string) => post(`/users/${encodeURIComponent(id)}/end-sessions`),
  resetSecondFactor: (id: string) => post(`/users/${encodeURIComponent(id)}/reset-second-factor`),
  retryIncident: (id: string) => post(`/incidents/${encodeURIComponent(id)}/retry`),
  openRound: (year: number, system: string) => post('/evaluation-rounds', { year, system }),
  startRevocation: (subCenterId: string, reason: string) => post('/revocations', { subCenterId, reason }),
  /** My signature image (a data URL), carried onto the 审批单 by a decision I sign. */
  getMySignature: () => httpClient('/api/users/me/signature').then((r) => (r.json as { image: string | null }).image),
  setMySignature: (image: string) =>
    httpClient('/api/users/me/signature', { method: 'PUT', body: JSON.stringify({ image }) }),
  getMyStandIn: () =>
    httpClient('/api/users/me/proxy').then(
      (r) =>
        r.json as { username: string | null; displayName: string | null; from: string; to: string; accepted: boolean },
    ),
  setMyStandIn: (body: { username: string; from: string; to: string }) =>
    httpClient('/api/users/me/proxy', {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: new Headers({ 'Idempotency-Key': crypto.randomUUID() }),
    }),
  endMyStandIn: () =>
    httpClient('/api/users/me/proxy', {
      method: 'DELETE',
      headers: new Headers({ 'Idempotency-Key': crypto.randomUUID() }),
    }),
  standInCandidates: (q: string) =>
    httpClient(`/api/users/me/proxy/candidates?q=${encodeURIComponent(q)}`).then((r) => r.json as StandInCandidate[]),
  standInOffers: () =>
    httpClient('/api/users/me/stand-in-offers').then(
      (r) => r.json as { username: string; displayName: string; from: string; to: string; accepted: boolean }[],
    ),
  answerStandInOffer: (username: string, accept: boolean) =>
    post(`/users/me/stand-in-offers/${encodeURIComponent(username)}/${accept ? 'accept' : 'decline'}`),
  getCalendar: () => httpClient('/api/calendar').then((r) => ({ data: r.json })),
  getCalendarVersions: (year: number) => httpClient(`/api/calendar/${year}/versions`).then((r) => ({ data: r.json })),
  putCalendarYear: (year: number, body: unknown) =>
    httpClient(`/api/calendar/${year}`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: new Headers({ 'Idempotency-Key': crypto.randomUUID() }),
    }).then((r) => ({ data: r.json })),
  getAnnexA: () => httpClient('/api/stats/annex-a').then((r) => ({ data: r.json })),
  getNetworkSummary: () => httpClient('/api/stats/network').then((r) => ({ data: r.json })),
  /** The review office's figures of a year (统计), narrowed to a process and a city. */
  getOfficeFigures: (filter: { year: number; caseType?: string; city?: string }) =>
    httpClient(
      `/api/stats/office?${new URLSearchParams(
        Object.entries(filter).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
      )}`,
    ).then((r) => r.json as OfficeFigures),
  async uploadEvidence(caseId: string, item: string, file: File) {
    const body = new FormData();
    body.set('caseId', caseId);
    body.set('item', item);
    body.set('file', file);
    return httpClient('/api/attachments', { method: 'POST', body }).then((r) => ({ data: r.json }));
  },
  /** A file behind the login (evidence, an objection's letter), read with the session. */
  readFile: (path: string) =>
    fetch(path, { headers: { Authorization: `Bearer ${readSession()?.token}` } }).then((r) => r.blob()),
} satisfies DataProvider;
export type KejinDataProvider = typeof dataProvider;

/** A file behind the login, read with the session and shown in a new tab. */
async function openFile(path: string) {
  const tab = window.open('', '_blank');
  const res = await fetch(path, { headers: { Authorization: `Bearer ${readSession()?.token}` } });
  const url = URL.createObjectURL(await res.blob());
  if (tab) tab.location.href = url;
  else window.location.assign(url);
}

/** What a 核查 or 复核 task checks (GET /api/tasks/:id `checks`). */
export interface Checked {
  kind: 'objection' | 'review';
  receiptNo: string;
  content: string;
  reasons: string | null;
  filedAt: string;
  status: string;
  objector: {
    kind: string;
    realName: string | null;
    orgName: string | null;
    contactPerson: string | null;
    phone: string;
    email: string | null;
  } | null;
  files: { id: string; role: string; filename: string; contentType: string; size: number }[];
}

/** An organisation's result on a final list (GET /api/notices/reviewable). */
export interface Reviewable {
  noticeId: string;
  noticeTitle: string;
  itemId: string;
  orgName: string;
  result: string;
  reviewUntil: string | null;
  request: { id: string; receiptNo: string; status: string; outcome: string | null } | null;
}
