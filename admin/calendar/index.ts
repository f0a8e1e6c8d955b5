import EventIcon from '@mui/icons-material/Event';
import { lazyPage } from '../lazyPage';

export default { list: lazyPage(() => import('./CalendarPage'), 'CalendarPage'), icon: EventIcon };
