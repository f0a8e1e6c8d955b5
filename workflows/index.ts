// The worker's single workflowsPath: re-exports only (after the workflows' zod settings).
import './zodConfig.js';

export { admission } from './admission.js';
export { competition } from './competition.js';
export { evaluation } from './evaluation.js';
export { evaluationRound, openDueEvaluationRounds } from './evaluationRound.js';
export { dailyDigest, notificationDispatcher } from './mail.js';
export { payout } from './payout.js';
export { operationLogRetention } from './retention.js';
export { revocation } from './revocation.js';
