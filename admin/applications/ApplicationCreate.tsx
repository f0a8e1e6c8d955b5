import { Create } from 'react-admin';
import { ApplicationDraftInput } from '../../domain/application';
import { ApplicationForm } from './ApplicationForm';
import { compact } from '../compact';

export const ApplicationCreate = () => (
  <Create redirect="edit" transform={compact} mutationOptions={{ meta: {} }}>
    <ApplicationForm schema={ApplicationDraftInput} />
  </Create>
);
