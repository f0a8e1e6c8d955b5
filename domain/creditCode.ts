/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-symbol
 * alphabet (no I, O, Z, S, V); the 18th is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Why a code is invalid, or null when it is valid. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return say('mustBe18Characters');
  if (![...code].every((c) => ALPHABET.includes(c))) return say('onlyDigitsAndCapitalLetters');
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return say('checkCharacterDoesNotMatch');
  return null;
}

/** Completes 17 characters with their check character (demo data and test builders). */
export function withCheckChar(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`not a valid credit code prefix: ${first17}`);
  return first17 + check;
}

import { say } from './messages.js';
