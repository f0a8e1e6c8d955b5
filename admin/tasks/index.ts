import InboxIcon from '@mui/icons-material/Inbox';
import { lazyPage } from '../lazyPage';

const page = (name: 'CopiedList' | 'DoneList' | 'StartedList' | 'TaskList') =>
  lazyPage(() => import('./TaskCenter'), name);
/** The task center: 待办 at /tasks, the other tabs as routes of their own (App.tsx). */
export default { list: page('TaskList'), icon: InboxIcon };
export const DoneList = page('DoneList');
export const CopiedList = page('CopiedList');
export const StartedList = page('StartedList');
