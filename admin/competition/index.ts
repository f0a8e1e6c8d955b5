import DescriptionIcon from '@mui/icons-material/Description';
import EmojiEventsIcon from '@mui/icons-material/EmojiEvents';
import { BidList, CompetitionCreate, CompetitionList, CompetitionShow } from './Competition';

export const competitionTasks = {
  list: CompetitionList,
  show: CompetitionShow,
  create: CompetitionCreate,
  icon: EmojiEventsIcon,
  recordRepresentation: 'title',
};
export const bids = { list: BidList, icon: DescriptionIcon };
