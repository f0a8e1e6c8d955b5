import { Create } from 'react-admin';
import { ApplicationDraftInput } from '../../domain/application';
import { ApplicationForm } from './ApplicationForm';
import { compact } from '../compact';

export const ApplicationCreate = () => (
  <Create redirect="edit" transform={compact}>
    <ApplicationForm schema={ApplicationDraftInput} />
  </Create>
);
