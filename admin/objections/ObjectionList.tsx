import GavelIcon from '@mui/icons-material/Gavel';
import { Button as MuiButton, Stack, Typography } from '@mui/material';
import { FunctionField, List, TextField, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { caseShowPath } from '../caseLinks';
import { DateTimeField } from '../DateTimeField';
import type { KejinDataProvider } from '../dataProvider';
import { FilePreview } from '../FilePreview';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';

/** An objection opened: its text, its letter and evidence, and the case with its 核查 task. */
const ObjectionDetail = () => {
  const r = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<KejinDataProvider>();
  if (!r) return null;
  return (
    <Stack spacing={1} sx={{ py: 1 }} data-testid="objection-detail">
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
        {r.content}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {r.files.map((f: { id: string; role: string; filename: string }) => (
          <FilePreview
            key={f.id}
            filename={f.filename}
            load={() => dataProvider.readFile(`/api/objections/files/${encodeURIComponent(f.id)}`)}
          >
            {(open) => (
              <MuiButton size="small" variant="outlined" onClick={open}>
                {translate(`kejin.checks.file_${f.role}`)}: {f.filename}
              </MuiButton>
            )}
          </FilePreview>
        ))}
        <MuiButton
          size="small"
          variant="contained"
          startIcon={<GavelIcon />}
          component={Link}
          to={caseShowPath(r.caseType, r.caseId)}
        >
          {translate(r.status === 'checking' ? 'kejin.checks.toTask' : 'kejin.action.openCase')}
        </MuiButton>
      </Stack>
    </Stack>
  );
};

/**
 * 异议: what each objects to and on which list, with the objector's identity, for those who check
 * them and the auditors (the API enforces who); a row opens to its letter, evidence, case and task.
 */
export const ObjectionList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
    <ResponsiveDatagrid bulkActionButtons={false} rowClick="expand" expand={<ObjectionDetail />}>
      <TextField source="receiptNo" sortable={false} />
      <TextField source="subject" sortable={false} />
      <TextField source="noticeTitle" sortable={false} />
      <FunctionField
        source="realName"
        sortable={false}
        render={(r) => r.realName ?? `${r.orgName}（${r.contactPerson}）`}
      />
      <TextField source="phone" sortable={false} />
      <FunctionField source="status" render={(r) => <ObjectionStatus status={r.status} />} />
      <TextField source="outcome" sortable={false} />
      <DateTimeField source="createdAt" />
    </ResponsiveDatagrid>
  </List>
);
const ObjectionStatus = ({ status }: { status: string }) => {
  const translate = useTranslate();
  return <>{translate(`kejin.objectionStatus.${status}`)}</>;
};
