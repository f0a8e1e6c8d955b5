/**
 * Preloaded after zodConfig.ts (the SDK's `preloadModules`): the domain modules — rules, steps,
 * labels and their zod schemas — evaluated once for every workflow instead of afresh for each new
 * case (the SDK gives each workflow its own module cache; building an admission's domain schemas
 * was about half of its start in the worker's profile, and garbage for the collector when the case
 * left the cache). domain/ holds no state (tests/unit/sharedDomain.test.ts keeps every module here).
 *
 * The SDK deep-freezes what a preload shares, so that no case can change what another reads. A
 * zod schema cannot be frozen: it memoises as it parses (its parse functions, `lastIndex` of its
 * patterns). So the modules are frozen here instead, everything in them but zod's schemas (plain
 * values, arrays, functions); the SDK passes over exports that are frozen already.
 */
import * as admissionRules from '../domain/admissionRules.js';
import * as application from '../domain/application.js';
import * as applicationWords from '../domain/applicationWords.js';
import * as approval from '../domain/approval.js';
import * as catalogue from '../domain/catalogue.js';
import * as cities from '../domain/cities.js';
import * as competition from '../domain/competition.js';
import * as creditCode from '../domain/creditCode.js';
import * as errors from '../domain/errors.js';
import * as evaluation from '../domain/evaluation.js';
import * as headers from '../domain/headers.js';
import * as issues from '../domain/issues.js';
import * as issueWords from '../domain/issueWords.js';
import * as messages from '../domain/messages.js';
import * as notice from '../domain/notice.js';
import * as organizations from '../domain/organizations.js';
import * as roles from '../domain/roles.js';
import * as standIn from '../domain/standIn.js';
import * as stepForms from '../domain/stepForms.js';
import * as tasks from '../domain/tasks.js';
import * as text from '../domain/text.js';
import * as thresholds from '../domain/thresholds.js';
import * as users from '../domain/users.js';
import * as workdays from '../domain/workdays.js';

const SHARED_DOMAIN_MODULES = {
  admissionRules,
  application,
  applicationWords,
  approval,
  catalogue,
  cities,
  competition,
  creditCode,
  errors,
  evaluation,
  headers,
  issues,
  issueWords,
  messages,
  notice,
  organizations,
  roles,
  standIn,
  stepForms,
  tasks,
  text,
  thresholds,
  users,
  workdays,
};

/** Freezes `value` and all it holds, except zod schemas (which are zod's to keep). */
function freezeAllButSchemas(value: unknown, seen = new WeakSet<object>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  if (seen.has(value) || '_zod' in value) return;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) freezeAllButSchemas((value as Record<PropertyKey, unknown>)[key], seen);
  Object.freeze(value);
}

freezeAllButSchemas(SHARED_DOMAIN_MODULES);
