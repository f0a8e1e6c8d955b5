import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import { lazyPage } from '../lazyPage';

export default {
  list: lazyPage(() => import('./SubCenterList'), 'SubCenterList'),
  show: lazyPage(() => import('./SubCenterShow'), 'SubCenterShow'),
  icon: AccountBalanceIcon,
  recordRepresentation: 'name',
};
