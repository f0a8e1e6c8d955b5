/**
 * What the API and the tests speak to an open competition (揭榜挂帅) with: its statuses, a bid,
 * the workflow's input and id, and its Updates (drafting, publishing, bidding). The process is
 * workflows/competition.ts; its state and steps, workflows/competitionCase.ts.
 */
import * as wf from '@temporalio/workflow';
import type { Projection, TaskClosing } from '../activities/caseChanges.js';
import type { SubCenterRef } from '../activities/index.js';
import type { ProcessSteps } from '../domain/approval.js';
import type {
  AcceptanceResult,
  BidCriterion,
  BidInput,
  CompetitionTaskInput,
  competitionSteps,
} from '../domain/competition.js';
import type { NoticePeriod } from '../domain/notice.js';
import type { Actor } from '../domain/roles.js';
import type { ApprovalEngine, StepOutcome } from './approvalEngine.js';
import type { CaseRecorder } from './caseRecorder.js';
import type { Recall } from './recall.js';

export type CompetitionStatus =
  | 'draft'
  | 'open'
  | 'expert_review'
  | 'award'
  | 'public_notice'
  | 'in_progress'
  | 'closed'
  | 'unawarded';

export interface Bid extends BidInput {
  id: string;
  subCenter: Pick<SubCenterRef, 'id' | 'name' | 'organizationId' | 'city' | 'system' | 'category'>;
  submittedBy: string;
  submittedAt: string;
  /** Each expert's scores by criterion, with the expert's name. */
  scores: Record<string, number | string>[];
  score: number;
  status: 'submitted' | 'withdrawn' | 'won' | 'lost' | 'accepted' | 'failed';
  agreement: {
    milestones: { title: string; dueAt: string; status: 'pending' | 'reported' | 'accepted'; report: string | null }[];
    signedAt: string;
  } | null;
  acceptance: { result: AcceptanceResult; comment: string; by: string } | null;
  payoutId: string | null;
  version: number;
}
export interface CompetitionInput {
  taskId: string;
  data: CompetitionTaskInput;
  createdBy: { id: string; name: string };
  /** The competition rule set in force at drafting (absent in tasks drafted before the approval engine). */
  rules?: { version: number; steps: ProcessSteps; noticePeriod?: NoticePeriod; bidCriteria?: BidCriterion[] };
}
export const competitionWorkflowId = (taskId: string) => `competition-${taskId}`;

export const competitionCreated = wf.defineUpdate<{ id: string; status: CompetitionStatus }>('competitionCreated');
export const editCompetitionTask = wf.defineUpdate<
  { id: string; status: CompetitionStatus },
  [{ actor: Actor; changes: Partial<CompetitionTaskInput> }]
>('editCompetitionTask');
export const publishCompetitionTask = wf.defineUpdate<{ id: string; status: CompetitionStatus }, [{ actor: Actor }]>(
  'publishCompetitionTask',
);
/** 撤回: a bidder takes its bid back while bidding is open (it may bid again before the deadline). */
export const withdrawBid = wf.defineUpdate<
  { id: string; status: CompetitionStatus },
  [{ actor: Actor; comment?: string }]
>('withdrawBid');
export const submitBid = wf.defineUpdate<
  Bid,
  [{ actor: Actor; subCenter: Bid['subCenter'] & { status: string }; bid: BidInput }]
>('submitBid');

/** A competition's own record: the task as drafted, where it stands, its award. */
export interface CompetitionState {
  task: CompetitionTaskInput;
  status: CompetitionStatus;
  publishedAt: string | null;
  award: { winners: string[]; reasons: string; by: string } | null;
  /** The draft's first entry is written. */
  ready: boolean;
  /** Who asked to publish it (the process publishes it). */
  publishRequest: Actor | null;
}

/** What the competition's parts share (workflows/competitionCase.ts builds it): its state, its recorder and its engine. */
export interface CompetitionContext {
  readonly workflowId: string;
  readonly input: CompetitionInput;
  readonly steps: ReturnType<typeof competitionSteps>;
  readonly criteria: BidCriterion[];
  readonly state: CompetitionState;
  readonly bids: Bid[];
  /** An expert's 退回 of a bid: their own task, closed with the bid's return (each bid's latest). */
  readonly returning: Map<string, TaskClosing>;
  readonly rec: CaseRecorder<CompetitionStatus>;
  readonly engine: ApprovalEngine;
  readonly recall: Recall;
  bidProjection(b: Bid): Projection;
  overBudget(amount: number, field?: string): void;
}

/** A step decided; the award's or a panel's return (退回) comes back to the process as one. */
export type Decided = Extract<StepOutcome, { kind: 'decided' }>;
