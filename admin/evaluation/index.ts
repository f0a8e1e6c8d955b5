import AssessmentIcon from '@mui/icons-material/Assessment';
import EventNoteIcon from '@mui/icons-material/EventNote';
import GavelIcon from '@mui/icons-material/Gavel';
import PaymentsIcon from '@mui/icons-material/Payments';
import { lazyPage } from '../lazyPage';

const evaluation = (name: 'EvaluationList' | 'EvaluationShow' | 'RoundList' | 'RoundShow') =>
  lazyPage(() => import('./Evaluations'), name);
const other = (name: 'PayoutList' | 'PayoutShow' | 'RevocationList' | 'RevocationShow') =>
  lazyPage(() => import('./RevocationsPayouts'), name);

export const evaluationRounds = { list: evaluation('RoundList'), show: evaluation('RoundShow'), icon: EventNoteIcon };
export const evaluations = {
  list: evaluation('EvaluationList'),
  show: evaluation('EvaluationShow'),
  icon: AssessmentIcon,
};
export const revocations = { list: other('RevocationList'), show: other('RevocationShow'), icon: GavelIcon };
export const payouts = { list: other('PayoutList'), show: other('PayoutShow'), icon: PaymentsIcon };
