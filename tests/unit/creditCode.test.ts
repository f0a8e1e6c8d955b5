import { describe, expect, it } from 'vitest';
import { creditCodeProblem, withCheckChar } from '../../domain/creditCode.js';

describe('unified social credit code (GB 32100)', () => {
  it('accepts published codes with a correct check character', () => {
    // Codes of real organisations, as published in the national enterprise credit system.
    for (const code of ['91110000802100433B', '91440300708461136T']) expect(creditCodeProblem(code)).toBeNull();
  });

  it('refuses a wrong check character, a wrong length and letters outside the alphabet', () => {
    const valid = withCheckChar('91440101MA5CKJ001');
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(creditCodeProblem(wrong)).toMatch(/校验码/);
    expect(creditCodeProblem(valid.slice(0, 17))).toMatch(/18位/);
    expect(creditCodeProblem('91440101MA5CKJ00O1')).toMatch(/非法字符/);
  });

  it('computes 0 when the weighted sum is a multiple of 31', () => {
    expect(withCheckChar('00000000000000000')).toBe('000000000000000000');
  });
});
