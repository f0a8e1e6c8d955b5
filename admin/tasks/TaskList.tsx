import { Box, Chip } from '@mui/material';
import {
  BooleanInput,
  Datagrid,
  FunctionField,
  Link,
  List,
  SelectInput,
  TextField,
  useLocale,
  useTranslate,
} from 'react-admin';
import { caseShowPath } from '../caseLinks';
import { taskStatusChoices } from '../choices';
import { formatDateTime } from '../format';
import { DecisionDialog } from './DecisionDialog';
import { TaskActionsMenu } from './TaskActionsMenu';
import { ClaimButton, ReleaseButton } from './TaskButtons';

const filters = [
  <SelectInput source="status" choices={taskStatusChoices} alwaysOn key="status" />,
  <BooleanInput source="overdue" label="kejin.filter.overdue" key="overdue" />,
  <SelectInput
    source="assignee"
    choices={[
      { id: 'me', name: 'kejin.filter.mine' },
      { id: 'none', name: 'kejin.filter.unclaimed' },
    ]}
    key="assignee"
  />,
];

/** The reviewer's queue: tasks of their roles and city, soonest due first; overdue rows in red. */
export const TaskList = () => {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <List
      filters={filters}
      filterDefaultValues={{ status: 'open' }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      resource="tasks"
    >
      <Datagrid
        bulkActionButtons={false}
        rowSx={(r) => (r.overdue ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {})}
      >
        <FunctionField source="title" render={(r) => <Link to={caseShowPath(r.caseType, r.caseId)}>{r.title}</Link>} />
        <FunctionField
          source="step"
          render={(r) => translate(`kejin.step.${r.step}`, { _: translate(`kejin.stepName.${r.step}`, { _: r.step }) })}
        />
        <FunctionField source="role" render={(r) => translate(`kejin.role.${r.role}`)} />
        <TextField source="city" emptyText="—" />
        <TextField source="assignee" emptyText="—" />
        <FunctionField
          source="dueAt"
          render={(r) => (
            <span
              data-overdue={r.overdue ? 'true' : 'false'}
              style={r.overdue ? { color: '#d32f2f', fontWeight: 600 } : undefined}
            >
              {formatDateTime(r.dueAt, locale)}{' '}
              {r.overdue && <Chip size="small" color="error" label={translate('resources.tasks.fields.overdue')} />}
              {r.escalationLevel > 0 && (
                <Chip
                  size="small"
                  color="warning"
                  label={`${translate('resources.tasks.fields.escalationLevel')} ${r.escalationLevel}`}
                />
              )}
            </span>
          )}
        />
        <FunctionField source="status" render={(r) => translate(`kejin.taskStatus.${r.status}`)} />
        <FunctionField
          label=""
          render={(r) =>
            r.status === 'open' && (
              <Box sx={{ display: 'flex', gap: 0.5 }} onClick={(e) => e.stopPropagation()}>
                {r.assignee ? <ReleaseButton /> : <ClaimButton />}
                <DecisionDialog />
                <TaskActionsMenu />
              </Box>
            )
          }
        />
      </Datagrid>
    </List>
  );
};
