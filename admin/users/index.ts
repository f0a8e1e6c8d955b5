import PeopleIcon from '@mui/icons-material/People';
import { lazyPage } from '../lazyPage';

const page = (name: 'UserCreate' | 'UserEdit' | 'UserList' | 'UserShow') => lazyPage(() => import('./Users'), name);
export default {
  list: page('UserList'),
  create: page('UserCreate'),
  edit: page('UserEdit'),
  show: page('UserShow'),
  icon: PeopleIcon,
  recordRepresentation: 'username',
};
