import MailIcon from '@mui/icons-material/Mail';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { lazyPage } from '../lazyPage';

export const notifications = {
  list: lazyPage(() => import('./NotificationLists'), 'NotificationList'),
  icon: NotificationsIcon,
};
export const mailbox = { list: lazyPage(() => import('./NotificationLists'), 'MailList'), icon: MailIcon };
export const objections = {
  list: lazyPage(() => import('../objections/ObjectionList'), 'ObjectionList'),
  icon: NotificationsIcon,
};
