import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import { lazyPage } from '../lazyPage';

export default { list: lazyPage(() => import('./Incidents'), 'IncidentList'), icon: ReportProblemIcon };
