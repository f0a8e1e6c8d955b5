import RuleIcon from '@mui/icons-material/Rule';
import { lazyPage } from '../lazyPage';

const page = (name: 'RuleSetCreate' | 'RuleSetList' | 'RuleSetShow') => lazyPage(() => import('./RuleSets'), name);
export default { list: page('RuleSetList'), show: page('RuleSetShow'), create: page('RuleSetCreate'), icon: RuleIcon };
