/**
 * An operation-log entry in words (中文 and English): what was done, to which case, user or rule,
 * named by its title — never an API path, a status code or an id.
 */

import type { TitledTable } from '../db/queries/caseTitles.js';
import type { Label } from '../domain/approval.js';

/** The resources of the API as people call them, and the table that titles their rows. */
const RESOURCES: Record<string, { words: Label; table?: TitledTable }> = {
  applications: { words: { zh: '申报', en: 'application' }, table: 'applications' },
  evaluations: { words: { zh: '绩效评价', en: 'evaluation' }, table: 'evaluations' },
  revocations: { words: { zh: '撤销', en: 'revocation' }, table: 'revocations' },
  payouts: { words: { zh: '后补助', en: 'post-subsidy' }, table: 'payouts' },
  'competition-tasks': { words: { zh: '揭榜任务', en: 'competition task' }, table: 'competition_tasks' },
  'evaluation-rounds': { words: { zh: '评价轮次', en: 'evaluation round' }, table: 'evaluation_rounds' },
  users: { words: { zh: '用户', en: 'user' }, table: 'users' },
  attachments: { words: { zh: '佐证材料', en: 'evidence' }, table: 'attachments' },
  objections: { words: { zh: '异议材料', en: 'objection file' } },
  organizations: { words: { zh: '机构登记', en: 'organisation' } },
  'rule-sets': { words: { zh: '规则', en: 'rules' } },
  calendar: { words: { zh: '工作日历', en: 'working calendar' } },
  incidents: { words: { zh: '故障', en: 'incident' } },
  tasks: { words: { zh: '待办任务', en: 'task' } },
  'operation-log': { words: { zh: '操作日志', en: 'operation log' } },
  stats: { words: { zh: '统计数据', en: 'figures' } },
  notices: { words: { zh: '公示', en: 'notice' } },
  bids: { words: { zh: '揭榜方案', en: 'bid' } },
  'sub-centers': { words: { zh: '分中心', en: 'sub-center' } },
  'temporal-codec': { words: { zh: '流程引擎存储', en: 'the workflow store' } },
};
const SUB_ACTIONS: Record<string, Label> = {
  unlock: { zh: '解除锁定', en: 'unlock' },
  'end-sessions': { zh: '强制下线', en: 'end the sessions of' },
  'reset-second-factor': { zh: '重置动态口令', en: 'reset the second factor of' },
  retry: { zh: '重试', en: 'retry' },
};
const VERBS: Record<string, Label> = {
  GET: { zh: '查看', en: 'read' },
  POST: { zh: '新增', en: 'create' },
  PUT: { zh: '修改', en: 'change' },
  PATCH: { zh: '修改', en: 'change' },
  DELETE: { zh: '删除', en: 'delete' },
};
const REFUSED: Record<number, Label> = {
  401: { zh: '未登录或登录已失效', en: 'not signed in' },
  403: { zh: '无权操作', en: 'not allowed' },
  429: { zh: '操作过于频繁', en: 'too many attempts' },
};

/** What a path refers to: its resource, the row's id (a table to title it by), and a sub-action. */
export function pathTarget(path: string): {
  resource: string;
  id: string | null;
  table?: TitledTable;
  tail: string | null;
} {
  const [, resource = '', id = null, tail = null] = /^\/api\/([^/]+)(?:\/([^/]+))?(?:\/(.+))?$/.exec(path) ?? [];
  const known = RESOURCES[resource];
  const table = resource === 'objections' && id === 'files' ? 'objection_files' : known?.table;
  const rowId = resource === 'objections' && id === 'files' ? tail : id;
  return { resource, id: rowId, table, tail: resource === 'objections' ? null : tail };
}

export interface LoggedOperation {
  action: string;
  method: string;
  path: string;
  status: number;
  detail: Record<string, unknown>;
}

export function operationInWords(op: LoggedOperation, titles: Map<string, string>): Label {
  const target = pathTarget(op.path);
  const known = RESOURCES[target.resource];
  const title = target.table && target.id ? titles.get(`${target.table}:${target.id}`) : undefined;
  const thing = (lang: 'zh' | 'en') => {
    const words = known?.words[lang] ?? (lang === 'zh' ? '其他功能' : 'another function');
    const named =
      title ?? (target.resource === 'calendar' && target.id && /^\d{4}$/.test(target.id) ? target.id : null);
    return named ? (lang === 'zh' ? `${words}「${named}」` : `${words} “${named}”`) : words;
  };
  const both = (f: (lang: 'zh' | 'en') => string): Label => ({ zh: f('zh'), en: f('en') });
  switch (op.action) {
    case 'login.succeeded':
      return { zh: '登录', en: 'Signed in' };
    case 'login.failed':
      return { zh: '登录失败（密码或动态验证码错误）', en: 'Sign-in failed (wrong password or code)' };
    case 'login.code_asked':
      return { zh: '密码正确，待输入动态验证码', en: 'Password accepted, second factor asked for' };
    case 'logout':
      return { zh: '退出登录', en: 'Signed out' };
    case 'sheet.printed':
      return both((l) => (l === 'zh' ? `打印${thing(l)}的审批单` : `Printed the approval sheet of the ${thing(l)}`));
    case 'evidence.downloaded':
      return both((l) => (l === 'zh' ? `下载${thing(l)}` : `Downloaded ${thing(l)}`));
    case 'temporal-codec.decode':
      return { zh: '解密读取流程引擎中的记录', en: "Read sealed records of the workflow engine's store" };
    case 'temporal-codec.encode':
      return { zh: '加密流程引擎载荷', en: "Sealed payloads for the workflow engine's store" };
    case 'list.exported': {
      const rows = Number(op.detail.rows ?? 0);
      return both((l) =>
        l === 'zh' ? `导出${thing(l)}（${rows} 行，Excel）` : `Exported ${thing(l)} (${rows} rows, Excel)`,
      );
    }
    case 'admin.changed': {
      const sub = target.tail ? SUB_ACTIONS[target.tail] : undefined;
      const verb = sub ?? VERBS[op.method] ?? VERBS.PUT!;
      return both((l) =>
        l === 'zh' ? `${verb.zh}${thing(l)}` : `${verb.en[0]!.toUpperCase()}${verb.en.slice(1)} ${thing(l)}`,
      );
    }
    case 'request.refused': {
      const why = REFUSED[op.status] ?? { zh: '请求被拒绝', en: 'refused' };
      const verb = VERBS[op.method] ?? VERBS.GET!;
      return both((l) =>
        l === 'zh'
          ? `${why.zh}：${verb.zh}${thing(l)}`
          : `${why.en[0]!.toUpperCase()}${why.en.slice(1)}: ${verb.en} ${thing(l)}`,
      );
    }
    default:
      return { zh: '其他操作', en: 'Another operation' };
  }
}
