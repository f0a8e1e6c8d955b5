import QueryStatsIcon from '@mui/icons-material/QueryStats';
import { lazyPage } from '../lazyPage';

export default {
  list: lazyPage(() => import('./OfficeStatistics'), 'OfficeStatistics'),
  icon: QueryStatsIcon,
};
