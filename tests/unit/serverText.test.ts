/** The console shows a server reason "中文 (English)" in the reader's language only. */
import { describe, expect, it } from 'vitest';
import { inReadersLanguage, refusalInReadersLanguage } from '../../admin/i18n/serverText.js';
import { fieldErrors } from '../../domain/issues.js';
import { ObjectionFields } from '../../domain/notice.js';

describe("server reasons in the reader's language", () => {
  it('keeps the Chinese part for a Chinese reader and the English part for an English one', () => {
    const text = '请说明撤销理由 (a reason is required)';
    expect(inReadersLanguage(text, 'zh')).toBe('请说明撤销理由');
    expect(inReadersLanguage(text, 'en')).toBe('a reason is required');
    // brackets inside the English part, and a text of one language, stay whole
    expect(inReadersLanguage('不能超过预算 (exceeds the budget (¥1,000,000))', 'en')).toBe(
      'exceeds the budget (¥1,000,000)',
    );
    expect(inReadersLanguage('已有人认领或处理，不能撤回', 'en')).toBe('已有人认领或处理，不能撤回');
    expect(inReadersLanguage('公示（第 2 版）(v2)', 'zh')).toBe('公示（第 2 版）');
  });

  it('turns a whole refusal, its field reasons included', () => {
    expect(
      refusalInReadersLanguage({ message: '输入有误 (invalid input)', errors: { phone: '必填 (required)' } }, 'zh'),
    ).toEqual({ message: '输入有误', errors: { phone: '必填' } });
  });

  it("words zod's reasons itself: no type name, no internal option value", () => {
    const input = { kind: 'company', itemId: 'x', content: 'y'.repeat(8001), phone: '1' };
    const errors = fieldErrors(ObjectionFields.safeParse(input).error!, input);
    expect(errors.kind).toBe('请从可选项中选择 (choose one of the options)');
    expect(errors.content).toBe('不能超过 8000 个字 (at most 8000 characters)');
    for (const reason of Object.values(errors)) expect(reason).not.toMatch(/expected|string|\bperson\b|organization/);
  });
});
