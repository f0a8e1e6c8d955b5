import AssessmentIcon from '@mui/icons-material/Assessment';
import EventNoteIcon from '@mui/icons-material/EventNote';
import GavelIcon from '@mui/icons-material/Gavel';
import PaymentsIcon from '@mui/icons-material/Payments';
import { EvaluationList, EvaluationShow, RoundList, RoundShow } from './Evaluations';
import { PayoutList, PayoutShow, RevocationList, RevocationShow } from './RevocationsPayouts';

export const evaluationRounds = { list: RoundList, show: RoundShow, icon: EventNoteIcon };
export const evaluations = { list: EvaluationList, show: EvaluationShow, icon: AssessmentIcon };
export const revocations = { list: RevocationList, show: RevocationShow, icon: GavelIcon };
export const payouts = { list: PayoutList, show: PayoutShow, icon: PaymentsIcon };
