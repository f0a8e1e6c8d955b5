/** Which activity errors a retry can mend (activities/incidents.ts). */
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { finalIfDataError, withFinalDataErrors } from '../../activities/incidents.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('data errors are final, outages are retried', () => {
  it('makes integrity and data errors non-retryable', () => {
    for (const [code, message] of [
      ['23505', 'duplicate key value violates unique constraint "sub_centers_one_active_per_org"'],
      ['23514', 'new row violates check constraint'],
      ['22P05', 'unsupported Unicode escape sequence'],
    ] as const) {
      const final = finalIfDataError(pgError(code, message));
      expect(final).toBeInstanceOf(ApplicationFailure);
      expect(final).toMatchObject({ type: 'DataError', nonRetryable: true });
      expect((final as Error).message).toContain(code);
    }
    const parsed = z.object({ year: z.number() }).safeParse({ year: 'x' });
    expect(finalIfDataError(parsed.error)).toMatchObject({ type: 'DataError', nonRetryable: true });
  });

  it('leaves a lost connection, a shutdown or a plain error to the retries', () => {
    for (const err of [
      pgError('08006', 'connection failure'),
      pgError('57P01', 'terminating connection due to administrator command'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('timeout'),
    ])
      expect(finalIfDataError(err)).toBe(err);
  });

  it('applies to every activity it wraps', async () => {
    const acts = withFinalDataErrors({
      write: async () => {
        throw pgError('23505', 'duplicate');
      },
      read: async () => 42,
    });
    await expect(acts.write()).rejects.toMatchObject({ type: 'DataError', nonRetryable: true });
    expect(await acts.read()).toBe(42);
  });
});
