import { Alert, Box, Chip, Stack, Tab, Tabs } from '@mui/material';
import { useState } from 'react';
import {
  BooleanInput,
  FunctionField,
  Link,
  List,
  type RaRecord,
  SearchInput,
  SelectInput,
  TextField,
  useGetList,
  useLocale,
  usePermissions,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import { PRIORITY_LABELS } from '../../domain/approval';
import { useDeadlineText } from '../calendar/useCalendar';
import { CASE_RESOURCE, caseShowPath } from '../caseLinks';
import { DateTimeField } from '../DateTimeField';
import type { MySummary } from '../dataProvider';
import { readerLocale } from '../i18n';
import { LabelButton } from '../LabelButton';
import { ListActions } from '../ListActions';
import { useMySummary } from '../mySummary';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { hasRole } from '../session';
import { dateTime, text, words, xlsxExporter } from '../xlsx';
import { BatchDecisionButton, BatchDialog } from './BatchDecisionButton';
import { useStepLabel } from './CaseTaskBar';
import { SavedViewsButton } from './SavedViews';
import { ClaimButton, ReleaseButton } from './TaskButtons';

type TabKey = 'todo' | 'done' | 'cc' | 'started';
const TABS: { key: TabKey; path: string; count(s: MySummary): number | null }[] = [
  { key: 'todo', path: '/tasks', count: (s) => s.openTasks + s.needsMe },
  { key: 'done', path: '/tasks/done', count: (s) => s.done },
  { key: 'cc', path: '/tasks/cc', count: (s) => s.cc },
  { key: 'started', path: '/tasks/started', count: (s) => s.started },
];

/** 待办 · 已办 · 抄送我的 · 我发起的, each with its count (the total of the list it opens). */
function CenterTabs({ current }: { current: TabKey }) {
  const translate = useTranslate();
  const { data: summary } = useMySummary();
  const tabs = TABS.filter((t) => !summary || t.count(summary) !== null);
  return (
    <Tabs value={current} variant="scrollable" allowScrollButtonsMobile aria-label={translate('kejin.center.title')}>
      {tabs.map((t) => (
        <Tab
          key={t.key}
          value={t.key}
          component={Link}
          to={t.path}
          data-tab={t.key}
          label={`${translate(`kejin.center.${t.key}`)}${summary ? ` ${t.count(summary)}` : ''}`}
        />
      ))}
    </Tabs>
  );
}

const openCase = (_id: unknown, _resource: string, r: RaRecord) => caseShowPath(r.caseType, r.caseId);
const caseTypeChoices = Object.keys(CASE_RESOURCE).map((id) => ({ id, name: `kejin.caseType.${id}` }));

/** Datagrid reads `source` for the column's header and sorting. */
interface ColumnProps {
  source: string;
  sortable?: boolean;
}
function StepField(_: ColumnProps) {
  const stepLabel = useStepLabel();
  return <FunctionField source="step" render={(r) => stepLabel(r.step)} />;
}
function DueField(_: ColumnProps) {
  const translate = useTranslate();
  const _locale = useLocale();
  const deadline = useDeadlineText();
  return (
    <FunctionField
      source="dueAt"
      render={(r) => (
        <span data-overdue={r.overdue ? 'true' : 'false'}>
          <span style={r.overdue ? { color: '#c62828', fontWeight: 600 } : undefined}>{deadline(r.dueAt)}</span>{' '}
          {r.overdue && <Chip size="small" color="error" label={translate('resources.tasks.fields.overdue')} />}
          {r.escalationLevel > 0 && <Chip size="small" color="warning" label={translate('kejin.center.escalated')} />}
        </span>
      )}
    />
  );
}

/** A task's priority as a chip (紧急, 优先); 普通 shows nothing. */
function PriorityField(_: ColumnProps) {
  const locale = useLocale();
  return (
    <FunctionField
      source="priority"
      render={(r) =>
        r.priority > 0 ? (
          <Chip
            size="small"
            color={r.priority > 1 ? 'error' : 'warning'}
            label={PRIORITY_LABELS[r.priority]?.[locale === 'en' ? 'en' : 'zh']}
            data-priority={r.priority}
          />
        ) : null
      }
    />
  );
}

/** The applicant's cases that wait for them (a supplement asked), at the top of 待办. */
function NeedsMe() {
  const translate = useTranslate();
  const _locale = useLocale();
  const deadline = useDeadlineText();
  const { data } = useGetList('applications', {
    filter: { status: 'supplement_requested' },
    pagination: { page: 1, perPage: 20 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  if (!data?.length) return null;
  return (
    <Stack spacing={1} sx={{ mt: 1 }} data-testid="needs-me">
      {data.map((a) => (
        <Alert key={a.id} severity="warning" sx={{ '& .MuiAlert-message': { minWidth: 0, overflowWrap: 'anywhere' } }}>
          <Link to={`/applications/${a.id}/show`}>
            {translate('kejin.center.supplement', {
              name: a.orgName,
              due: deadline(a.supplement?.dueAt),
            })}
          </Link>
        </Alert>
      ))}
    </Stack>
  );
}

const todoFilters = (search: string) => [
  <SearchInput source="q" alwaysOn key="q" placeholder={search} />,
  <BooleanInput source="overdue" label="kejin.filter.overdue" key="overdue" />,
  <SelectInput
    source="assignee"
    choices={[
      { id: 'me', name: 'kejin.filter.mine' },
      { id: 'none', name: 'kejin.filter.unclaimed' },
    ]}
    key="assignee"
  />,
  <SelectInput source="caseType" choices={caseTypeChoices} key="caseType" />,
];

/** 待办 to Excel: the columns of the inbox, the step and the priority in words. */
const TODO_EXPORT = xlsxExporter([
  text('title'),
  words('step', 'kejin.step|kejin.stepName'),
  text('priority', (r) => (r.priority > 0 ? (PRIORITY_LABELS[r.priority]?.[readerLocale()] ?? '') : '')),
  text('city'),
  text('assigneeName'),
  dateTime('dueAt'),
]);

/** Who decides routine tasks together (批量审批); an applicant's own steps are decided one by one. */
const BATCH_ROLES = ['municipal_reviewer', 'provincial_reviewer', 'expert', 'finance', 'admin'] as const;

/** 待办: open tasks I may act on, soonest due first; a row opens the case, where it is decided. */
export const TaskList = () => {
  const { permissions } = usePermissions();
  const translate = useTranslate();
  const mayBatch = BATCH_ROLES.some((r) => hasRole(permissions, r));
  const [batch, setBatch] = useState<string[] | null>(null);
  const unselectAll = useUnselectAll('tasks');
  const refresh = useRefresh();
  return (
    <Box data-testid="task-list" sx={{ minWidth: 0 }}>
      <CenterTabs current="todo" />
      {hasRole(permissions, 'applicant') && <NeedsMe />}
      <List
        resource="tasks"
        filter={{ status: 'open' }}
        filters={todoFilters(translate('kejin.center.search'))}
        sort={{ field: 'dueAt', order: 'ASC' }}
        exporter={TODO_EXPORT}
        actions={
          <ListActions>
            <SavedViewsButton resource="tasks" />
          </ListActions>
        }
        title="kejin.center.title"
      >
        <ResponsiveDatagrid
          bulkActionButtons={mayBatch ? <BatchDecisionButton onOpen={setBatch} /> : false}
          rowClick={openCase}
          rowSx={(r) => (r.overdue ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {})}
        >
          <TextField source="title" />
          <StepField source="step" />
          <PriorityField source="priority" sortable={false} />
          <TextField source="city" emptyText="—" />
          <TextField source="assigneeName" emptyText="—" />
          <DueField source="dueAt" />
          <FunctionField
            label="kejin.center.actions"
            render={(r) => (
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }} onClick={(e) => e.stopPropagation()}>
                {r.assignee ? <ReleaseButton /> : <ClaimButton />}
                <LabelButton to={caseShowPath(r.caseType, r.caseId)} label="kejin.action.decide" variant="contained" />
              </Box>
            )}
          />
        </ResponsiveDatagrid>
      </List>
      {batch && (
        <BatchDialog
          taskIds={batch}
          onClose={(decided) => {
            setBatch(null);
            if (!decided) return;
            unselectAll();
            refresh();
          }}
        />
      )}
    </Box>
  );
};

/** 已办: what I decided, with my decision and when. */
export const DoneList = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ minWidth: 0 }}>
      <CenterTabs current="done" />
      <List
        resource="tasks"
        storeKey="tasks.done"
        filter={{ completedBy: 'me' }}
        actions={false}
        sort={{ field: 'completedAt', order: 'DESC' }}
        exporter={false}
        disableSyncWithLocation
        title="kejin.center.done"
      >
        <ResponsiveDatagrid bulkActionButtons={false} rowClick={openCase}>
          <TextField source="title" />
          <StepField source="step" />
          <FunctionField
            source="decision"
            render={(r) => (r.decision ? translate(`kejin.decisionResult.${r.decision}`, { _: r.decision }) : '—')}
          />
          <TextField source="comment" emptyText="—" />
          <DateTimeField source="completedAt" />
        </ResponsiveDatagrid>
      </List>
    </Box>
  );
};

/** 抄送我的: cases a colleague copied to me. */
export const CopiedList = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ minWidth: 0 }}>
      <CenterTabs current="cc" />
      <List
        resource="users/me/cc"
        sort={{ field: 'copiedAt', order: 'DESC' }}
        actions={false}
        exporter={false}
        disableSyncWithLocation
        title="kejin.center.cc"
      >
        <ResponsiveDatagrid bulkActionButtons={false} rowClick={openCase}>
          <TextField source="title" label="resources.tasks.fields.title" />
          <FunctionField
            source="caseType"
            label="kejin.center.caseType"
            render={(r) => translate(`kejin.caseType.${r.caseType}`)}
          />
          <DateTimeField source="copiedAt" label="kejin.center.copiedAt" />
        </ResponsiveDatagrid>
      </List>
    </Box>
  );
};

/** 我发起的: my organisation's applications. */
export const StartedList = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ minWidth: 0 }}>
      <CenterTabs current="started" />
      <List
        resource="applications"
        storeKey="tasks.started"
        sort={{ field: 'createdAt', order: 'DESC' }}
        exporter={false}
        disableSyncWithLocation
        title="kejin.center.started"
      >
        <ResponsiveDatagrid bulkActionButtons={false} rowClick="show">
          <TextField source="orgName" />
          <FunctionField source="status" render={(r) => translate(`kejin.status.${r.status}`)} />
          <DateTimeField source="createdAt" />
        </ResponsiveDatagrid>
      </List>
    </Box>
  );
};
