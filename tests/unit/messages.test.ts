/** The server's message catalogue (domain/messages.ts) and how a reader gets their language. */
import { describe, expect, it } from 'vitest';
import { fieldErrorsFor, inReadersLanguage } from '../../admin/i18n/serverText.js';
import { CATALOGUE } from '../../domain/catalogue.js';
import { fieldErrors } from '../../domain/issues.js';
import { localeOf, localized, type MessageKey, pair, say, sayIn } from '../../domain/messages.js';
import { ObjectionFields } from '../../domain/notice.js';

const CJK = /[\u4e00-\u9fff]/;

describe('the message catalogue', () => {
  it('holds every message in Chinese and in English, with its values in both', () => {
    const keys = Object.keys(CATALOGUE) as MessageKey[];
    expect(keys.length).toBeGreaterThan(200);
    for (const key of keys) {
      const entry = CATALOGUE[key] as unknown;
      const [zh, en] =
        typeof entry === 'function'
          ? (entry as (...a: unknown[]) => readonly string[])(...Array(entry.length).fill('7'))
          : (entry as readonly string[]);
      expect(zh, key).toMatch(CJK);
      expect(en, key).toMatch(/[a-z]/i);
      expect(en, key).not.toMatch(CJK);
    }
    expect(say('atMostChars', '200')).toBe('不能超过 200 个字 (at most 200 characters)');
    expect(pair('standInAtMostDays', 30)).toEqual(['代理期限最长 30 天', 'at most 30 days']);
    expect(sayIn('en', 'objectionReceived', 'YY-1')).toBe(
      'objection received, receipt YY-1: you will be told the outcome',
    );
  });

  it("reads the reader's language from Accept-Language: Chinese unless English comes first", () => {
    expect(localeOf(undefined)).toBe('zh');
    expect(localeOf('')).toBe('zh');
    expect(localeOf('en-US,en;q=0.9')).toBe('en');
    expect(localeOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(localeOf('fr-FR, en;q=0.5')).toBe('en');
    expect(localeOf('en;q=0.3, zh-TW;q=0.8')).toBe('zh');
    expect(localeOf('en;q=0')).toBe('zh');
  });

  it('keeps the Chinese part for a Chinese reader and the English part for an English one', () => {
    const text = say('revocationReasonRequired');
    expect(inReadersLanguage(text, 'zh')).toBe('请说明撤销理由');
    expect(inReadersLanguage(text, 'en')).toBe('a reason is required');
    // brackets inside either part, and a text of one language, stay whole
    expect(inReadersLanguage('不能超过预算 (exceeds the budget (¥1,000,000))', 'en')).toBe(
      'exceeds the budget (¥1,000,000)',
    );
    expect(inReadersLanguage(say('alreadySubCenter', '广州分中心'), 'zh')).toBe(
      '该机构已是分中心 (广州分中心)，一家机构只能设立一个分中心',
    );
    expect(inReadersLanguage('已有人认领或处理，不能撤回', 'en')).toBe('已有人认领或处理，不能撤回');
    expect(inReadersLanguage('公示（第 2 版）(v2)', 'zh')).toBe('公示（第 2 版）');
  });

  it('gives an English reader English where a value is Chinese (a city, a unit)', () => {
    expect(inReadersLanguage(say('standInOfCity', '广州'), 'en')).toBe('the stand-in must work in your city');
    expect(inReadersLanguage(say('thresholdRequires', '>=', 5000, '万元'), 'en')).toBe('requires >= 5000 ×10k CNY');
    expect(inReadersLanguage(say('fillInFigure', '科技信贷余额', '万元'), 'en')).toBe('required, in ×10k CNY');
    expect(inReadersLanguage(say('thresholdRequires', '>=', 2, '个'), 'zh')).toBe('要求 >= 2 个');
  });

  it('turns a whole refusal, its field reasons included', () => {
    expect(localized({ message: say('objectionIsIncomplete'), errors: { phone: say('required') } }, 'zh')).toEqual({
      message: '异议材料不完整',
      errors: { phone: '必填' },
    });
  });

  it("words zod's reasons itself: no type name, no internal option value", () => {
    const input = { kind: 'company', itemId: 'x', content: 'y'.repeat(8001), phone: '1' };
    const parsed = ObjectionFields.safeParse(input);
    const errors = fieldErrors(parsed.error!, input);
    expect(errors.kind).toBe('请从可选项中选择 (choose one of the options)');
    expect(errors.content).toBe('不能超过 8000 个字 (at most 8000 characters)');
    for (const reason of Object.values(errors)) expect(reason).not.toMatch(/expected|string|\bperson\b|organization/);
    expect(fieldErrorsFor(parsed.error!, input, 'en').content).toBe('at most 8000 characters');
  });
});
