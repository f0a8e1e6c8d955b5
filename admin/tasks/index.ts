import InboxIcon from '@mui/icons-material/Inbox';
import { lazyPage } from '../lazyPage';

export default { list: lazyPage(() => import('./TaskList'), 'TaskList'), icon: InboxIcon };
