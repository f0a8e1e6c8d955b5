import ApartmentIcon from '@mui/icons-material/Apartment';
import { lazyPage } from '../lazyPage';

const page = (name: 'OrganizationCreate' | 'OrganizationEdit' | 'OrganizationList') =>
  lazyPage(() => import('./Organizations'), name);
export default {
  list: page('OrganizationList'),
  create: page('OrganizationCreate'),
  edit: page('OrganizationEdit'),
  icon: ApartmentIcon,
  recordRepresentation: 'name',
};
