import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

const COLORS: Record<string, 'default' | 'primary' | 'success' | 'error' | 'warning' | 'info'> = {
  draft: 'default',
  municipal_review: 'info',
  provincial_review: 'info',
  expert_review: 'info',
  site_inspection: 'info',
  supplement_requested: 'warning',
  admitted: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export const StatusChip = ({ status }: { status: string }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={COLORS[status] ?? 'default'}
      label={translate(`kejin.status.${status}`)}
      data-status={status}
    />
  );
};
