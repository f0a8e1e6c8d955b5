import { Edit, useRecordContext } from 'react-admin';
import { ApplicationEditInput } from '../../domain/application';
import { CaseTitle } from '../CaseLayout';
import { compact } from '../compact';
import { ApplicationForm } from './ApplicationForm';

const Form = () => {
  const record = useRecordContext();
  return <ApplicationForm schema={ApplicationEditInput} identityLocked caseId={record?.id as string | undefined} />;
};

/** Editable while a draft or while a supplement is requested; the server refuses otherwise (409). */
export const ApplicationEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" transform={compact} title={<CaseTitle name={(r) => r.orgName} />}>
    <Form />
  </Edit>
);
