import RuleIcon from '@mui/icons-material/Rule';
import { RuleSetCreate, RuleSetList, RuleSetShow } from './RuleSets';

export default { list: RuleSetList, show: RuleSetShow, create: RuleSetCreate, icon: RuleIcon };
