import PeopleIcon from '@mui/icons-material/People';
import { UserCreate, UserEdit, UserList } from './Users';

export default {
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: PeopleIcon,
  recordRepresentation: 'username',
};
