import {
  BooleanInput,
  FunctionField,
  List,
  NumberField,
  TextField,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { caseShowPath } from '../caseLinks';
import { DateTimeField } from '../DateTimeField';
import type { KejinDataProvider } from '../dataProvider';
import { LabelButton } from '../LabelButton';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { hasRole, type SessionUser } from '../session';

// the switch's label keeps MUI's negative margin out of the filter bar (on a phone it met the screen's edge)
const filters = [
  <BooleanInput source="unresolved" alwaysOn key="unresolved" sx={{ '& .MuiFormControlLabel-root': { ml: 0 } }} />,
];
/** evaluationRound → evaluation_round: a workflow's type as its case type's label key. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const KNOWN_ACTIVITIES = ['recordCaseChange', 'issuePaymentInstruction'];

/** 重试: the process runs the failed step again; for administrators, on an open incident. */
const RetryButton = () => {
  const incident = useRecordContext();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions } = usePermissions<SessionUser | null>();
  if (incident?.status !== 'open' || !hasRole(permissions, 'admin')) return null;
  return (
    <LabelButton
      label="kejin.incidents.retry"
      variant="contained"
      onClick={async (e) => {
        e.stopPropagation();
        await dataProvider.retryIncident(String(incident.id));
        notify('kejin.incidents.retrying', { type: 'info' });
        refresh();
      }}
    />
  );
};

/** 流程故障: steps a process could not record, with their error, for administrators and auditors. */
export const IncidentList = () => {
  const translate = useTranslate();
  return (
    <List
      filters={filters}
      filterDefaultValues={{ unresolved: true }}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={false}
    >
      <ResponsiveDatagrid
        bulkActionButtons={false}
        rowClick="expand"
        expand={<TextField source="error" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace' }} />}
      >
        <DateTimeField source="createdAt" />
        <FunctionField
          source="caseType"
          render={(r) =>
            r.caseType && r.caseId ? (
              <Link to={caseShowPath(r.caseType, r.caseId)} onClick={(e) => e.stopPropagation()}>
                {translate(`kejin.caseType.${r.caseType}`)}
              </Link>
            ) : (
              translate(`kejin.caseType.${snake(r.workflowType)}`, { _: translate('kejin.incidents.process') })
            )
          }
        />
        <FunctionField
          source="activity"
          sortable={false}
          render={(r) =>
            translate(`kejin.incidents.activity.${KNOWN_ACTIVITIES.includes(r.activity) ? r.activity : 'other'}`)
          }
        />
        <FunctionField
          source="errorType"
          sortable={false}
          render={(r) =>
            translate(r.errorType === 'DataError' ? 'kejin.incidents.dataError' : 'kejin.incidents.exhausted')
          }
        />
        <NumberField source="failures" sortable={false} />
        <FunctionField source="status" render={(r) => translate(`kejin.incidents.status.${r.status}`)} />
        <RetryButton />
      </ResponsiveDatagrid>
    </List>
  );
};
