/**
 * Admission (建设方案申报 → 地市推荐 → 省级审核 → 纳入管理序列), DOMAIN §3.
 *
 * One run per organisation at a time (workflow ID = admission-<credit code>). Each review step
 * runs on the approval engine with the configuration of the rule set recorded at submission; the
 * workflow decides what each step's outcome means. Every change is written by the one recorder,
 * and each Update answers only after its change is readable in PostgreSQL.
 */

import type { AdmissionStatus } from '../domain/application.js';
import { admissionCase } from './admissionCase.js';
import type { AdmissionInput } from './admissionUpdates.js';

export * from './admissionUpdates.js';

export async function admission(input: AdmissionInput): Promise<AdmissionStatus> {
  const a = admissionCase(input);
  await a.created();
  // the applicant's turn (draft, supplement), the review steps (city bureau, Provincial Center,
  // experts, site inspection), the 公示 of an approval — until admitted, rejected or withdrawn
  while (!a.ended()) {
    if (a.applicantsTurn()) await a.applicantTurn();
    else if (a.inNotice()) await a.noticePeriod();
    else await a.reviewStep();
  }
  return a.end();
}
