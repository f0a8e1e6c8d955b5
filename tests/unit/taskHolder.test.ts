import { describe, expect, it } from 'vitest';
import { holdsTask } from '../../domain/tasks.js';

const person = (username: string, over: object = {}) => ({
  username,
  roles: ['municipal_reviewer'],
  city: '广州',
  organizationId: null,
  ...over,
});
const open = {
  candidateRoles: ['municipal_reviewer'],
  city: '广州',
  organizationId: null,
  conflict: null,
  delegatedTo: null,
  assignee: null,
};

describe('who holds a task (one rule for the engine and the API)', () => {
  it('an open task: anyone whose role and city fit it, no one of another city or role', () => {
    expect(holdsTask(open, person('gz1'))).toBe(true);
    expect(holdsTask(open, person('sz1', { city: '深圳' }))).toBe(false);
    expect(holdsTask(open, person('fin', { roles: ['finance'] }))).toBe(false);
  });
  it('a claimed task: its assignee alone; a delegated one: the delegate alone (委派)', () => {
    expect(holdsTask({ ...open, assignee: 'gz1' }, person('gz2'))).toBe(false);
    expect(holdsTask({ ...open, assignee: 'gz1' }, person('gz1'))).toBe(true);
    const delegated = { ...open, assignee: 'gz1', delegatedTo: 'expert9' };
    expect(holdsTask(delegated, person('gz1'))).toBe(false);
    expect(holdsTask(delegated, person('expert9', { roles: ['expert'], city: null }))).toBe(true);
  });
  it('never someone who stepped aside (回避), nor an expert of the subject’s city', () => {
    expect(holdsTask({ ...open, recusedBy: ['gz1'] }, person('gz1'))).toBe(false);
    const panel = { ...open, candidateRoles: ['expert'], city: null, conflict: { city: '广州', organizationId: null } };
    expect(holdsTask(panel, person('e1', { roles: ['expert'], city: '广州' }))).toBe(false);
    expect(holdsTask(panel, person('e2', { roles: ['expert'], city: '深圳' }))).toBe(true);
  });
});
