import DescriptionIcon from '@mui/icons-material/Description';
import EmojiEventsIcon from '@mui/icons-material/EmojiEvents';
import { lazyPage } from '../lazyPage';

const page = (name: 'BidList' | 'CompetitionCreate' | 'CompetitionList' | 'CompetitionShow') =>
  lazyPage(() => import('./Competition'), name);
export const competitionTasks = {
  list: page('CompetitionList'),
  show: page('CompetitionShow'),
  create: page('CompetitionCreate'),
  icon: EmojiEventsIcon,
  recordRepresentation: 'title',
};
export const bids = { list: page('BidList'), icon: DescriptionIcon };
