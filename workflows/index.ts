// The worker's single workflowsPath (after the workflows' zod settings). Each process's module is
// required when a case of it starts, not here: the SDK gives every workflow its own module cache,
// so a static re-export evaluated every workflow module for every new case. (The domain modules
// they import are evaluated once for all: workflows/sharedDomain.ts.)
import './zodConfig.js';

type Module = Record<string, unknown>;
/** The workflow `name` of the module `load` requires, loaded on its first call. */
const lazy =
  <M extends Module, K extends keyof M & string>(load: () => M, name: K) =>
  (...args: unknown[]) =>
    (load()[name] as (...a: unknown[]) => unknown)(...args);

type Admission = typeof import('./admission.js');
type Competition = typeof import('./competition.js');
type Evaluation = typeof import('./evaluation.js');
type EvaluationRound = typeof import('./evaluationRound.js');
type Mail = typeof import('./mail.js');
type Payout = typeof import('./payout.js');
type Retention = typeof import('./retention.js');
type Revocation = typeof import('./revocation.js');

export const admission = lazy(() => require('./admission.js') as Admission, 'admission');
export const competition = lazy(() => require('./competition.js') as Competition, 'competition');
export const evaluation = lazy(() => require('./evaluation.js') as Evaluation, 'evaluation');
export const evaluationRound = lazy(() => require('./evaluationRound.js') as EvaluationRound, 'evaluationRound');
export const openDueEvaluationRounds = lazy(
  () => require('./evaluationRound.js') as EvaluationRound,
  'openDueEvaluationRounds',
);
export const dailyDigest = lazy(() => require('./mail.js') as Mail, 'dailyDigest');
export const notificationDispatcher = lazy(() => require('./mail.js') as Mail, 'notificationDispatcher');
export const payout = lazy(() => require('./payout.js') as Payout, 'payout');
export const operationLogRetention = lazy(() => require('./retention.js') as Retention, 'operationLogRetention');
export const revocation = lazy(() => require('./revocation.js') as Revocation, 'revocation');
