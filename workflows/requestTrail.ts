/**
 * The workflow's half of a decision's trail (activities/requestTrail.ts): a start, Update or
 * signal that carries a request id is logged with it, and the activities scheduled after it
 * carry the same id, so their lines name the request that led to them. Headers are not part of
 * a workflow's decisions: replay is unaffected.
 */
import { defaultPayloadConverter, type Headers, type Payload } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from './names.js';

export const interceptors: wf.WorkflowInterceptorsFactory = () => {
  /** The last request this case was told of: what the work scheduled now follows from. */
  let current: Payload | undefined;
  const heard = (headers: Headers, msg: string, name?: string) => {
    const payload = headers[REQUEST_ID_HEADER];
    if (!payload) return;
    current = payload;
    wf.log.info(msg, { service: 'workflow', requestId: defaultPayloadConverter.fromPayload(payload), name });
  };
  const carry = (headers: Headers): Headers => (current ? { ...headers, [REQUEST_ID_HEADER]: current } : headers);
  return {
    inbound: [
      {
        execute: (input, next) => {
          heard(input.headers, 'workflow started');
          return next(input);
        },
        handleUpdate: (input, next) => {
          heard(input.headers, 'update accepted', input.name);
          return next(input);
        },
        handleSignal: (input, next) => {
          heard(input.headers, 'signal', input.signalName);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: carry(input.headers) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: carry(input.headers) }),
      },
    ],
  };
};
