import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { lazyPage } from '../lazyPage';

export default { list: lazyPage(() => import('./OperationLog'), 'OperationLogList'), icon: ManageSearchIcon };
