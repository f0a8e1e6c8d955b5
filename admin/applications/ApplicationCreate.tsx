import { Alert } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Create, Loading, useDataProvider, useTranslate } from 'react-admin';
import { ApplicationDraftInput } from '../../domain/application';
import { compact } from '../compact';
import type { KejinDataProvider } from '../dataProvider';
import { ApplicationForm } from './ApplicationForm';

/**
 * A new application is made for the applicant's own organisation: its registered name, credit
 * code (fixed) and city come filled in; without a registered code the form says whom to ask.
 */
export const ApplicationCreate = () => {
  const dataProvider = useDataProvider<KejinDataProvider>();
  const translate = useTranslate();
  const org = useQuery({
    queryKey: ['my-organization'],
    queryFn: () => dataProvider.getMyOrganization().then((r) => r.data),
    retry: false,
  });
  if (org.isPending) return <Loading />;
  if (!org.data?.creditCode)
    return (
      <Alert severity="warning" sx={{ m: 2 }} data-testid="no-own-code">
        {translate('kejin.show.noOwnCode')}
      </Alert>
    );
  const { name, creditCode, city } = org.data;
  return (
    <Create redirect="edit" transform={compact} record={{ orgName: name, creditCode, ...(city && { city }) }}>
      <ApplicationForm schema={ApplicationDraftInput} ownCode />
    </Create>
  );
};
