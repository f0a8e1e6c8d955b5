import { Alert, type AlertProps } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Create, Loading, Title, useDataProvider, useRedirect, useTranslate } from 'react-admin';
import { ApplicationDraftInput } from '../../domain/application';
import { compact } from '../compact';
import type { KejinDataProvider } from '../dataProvider';
import { LabelButton } from '../LabelButton';
import { ApplicationForm } from './ApplicationForm';

/** What stands in the way of a new application, under the page's own title. */
const Blocked = (props: AlertProps & { 'data-testid': string }) => {
  const translate = useTranslate();
  return (
    <>
      <Title
        title={translate('ra.page.create', { name: translate('resources.applications.name', { smart_count: 1 }) })}
      />
      <Alert severity="info" sx={{ m: 2 }} {...props} />
    </>
  );
};

/**
 * A new application is made for the applicant's own organisation: its registered name, credit
 * code (fixed) and city come filled in. Instead of a form that could only be refused, it says whom
 * to ask when there is no registered code, and what stands in the way when the organisation has an
 * application in progress or is a sub-center already.
 */
export const ApplicationCreate = () => {
  const dataProvider = useDataProvider<KejinDataProvider>();
  const translate = useTranslate();
  const redirect = useRedirect();
  const org = useQuery({
    queryKey: ['my-organization'],
    queryFn: () => dataProvider.getMyOrganization().then((r) => r.data),
    retry: false,
  });
  if (org.isPending) return <Loading />;
  if (!org.data?.creditCode)
    return (
      <Blocked severity="warning" data-testid="no-own-code">
        {translate('kejin.show.noOwnCode')}
      </Blocked>
    );
  const { name, creditCode, city, applicationInProgress, subCenter } = org.data;
  if (subCenter)
    return (
      <Blocked data-testid="already-sub-center">
        {translate('kejin.show.alreadySubCenter', { name: subCenter.name })}
      </Blocked>
    );
  if (applicationInProgress)
    return (
      <Blocked
        data-testid="application-in-progress"
        action={
          <LabelButton
            label="kejin.show.openIt"
            onClick={() => redirect('show', 'applications', applicationInProgress.id)}
          />
        }
      >
        {translate('kejin.show.inProgress', { name: applicationInProgress.orgName })}
      </Blocked>
    );
  return (
    <Create redirect="edit" transform={compact} record={{ orgName: name, creditCode, ...(city && { city }) }}>
      <ApplicationForm schema={ApplicationDraftInput} ownCode />
    </Create>
  );
};
