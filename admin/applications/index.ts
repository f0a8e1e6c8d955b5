import AssignmentIcon from '@mui/icons-material/Assignment';
import { lazyPage } from '../lazyPage';

export default {
  list: lazyPage(() => import('./ApplicationList'), 'ApplicationList'),
  show: lazyPage(() => import('./ApplicationShow'), 'ApplicationShow'),
  create: lazyPage(() => import('./ApplicationCreate'), 'ApplicationCreate'),
  edit: lazyPage(() => import('./ApplicationEdit'), 'ApplicationEdit'),
  icon: AssignmentIcon,
  recordRepresentation: 'orgName',
};
