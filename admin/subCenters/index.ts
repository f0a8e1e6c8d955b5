import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import { SubCenterList } from './SubCenterList';

export default { list: SubCenterList, icon: AccountBalanceIcon, recordRepresentation: 'name' };
