import { Create } from 'react-admin';
import { ApplicationDraftInput } from '../../domain/application';
import { compact } from '../compact';
import { ApplicationForm } from './ApplicationForm';

export const ApplicationCreate = () => (
  <Create redirect="edit" transform={compact}>
    <ApplicationForm schema={ApplicationDraftInput} />
  </Create>
);
