/**
 * zod's common reasons in words of our own, both languages ("中文 (English)"), without a type name
 * or an option's internal value. No zod import: the workflows use it too (their bundle stays lean).
 */
export function issueInWords(issue: { code: string; message: string }): string | null {
  const i = issue as {
    code: string;
    origin?: string;
    maximum?: number | bigint;
    minimum?: number | bigint;
    expected?: string;
    format?: string;
  };
  const n = (v: number | bigint | undefined) => String(v);
  switch (i.code) {
    case 'too_big':
      if (i.origin === 'string') return `不能超过 ${n(i.maximum)} 个字 (at most ${n(i.maximum)} characters)`;
      if (i.origin === 'array' || i.origin === 'set') return `最多 ${n(i.maximum)} 项 (at most ${n(i.maximum)})`;
      if (i.origin === 'number' || i.origin === 'bigint') return `不能大于 ${n(i.maximum)} (at most ${n(i.maximum)})`;
      return null;
    case 'too_small':
      if (i.origin === 'string')
        return Number(i.minimum) <= 1
          ? '必填 (required)'
          : `至少 ${n(i.minimum)} 个字 (at least ${n(i.minimum)} characters)`;
      if (i.origin === 'array' || i.origin === 'set') return `至少 ${n(i.minimum)} 项 (at least ${n(i.minimum)})`;
      if (i.origin === 'number' || i.origin === 'bigint') return `不能小于 ${n(i.minimum)} (at least ${n(i.minimum)})`;
      return null;
    case 'invalid_value':
      return '请从可选项中选择 (choose one of the options)';
    case 'invalid_type':
      if (i.expected === 'number' || i.expected === 'int') return '请填写数字 (a number is expected)';
      if (i.expected === 'boolean') return '请选择是或否 (yes or no)';
      return '格式不正确 (not in the expected form)';
    case 'invalid_format':
      if (i.format === 'email') return '邮箱格式不正确 (not an e-mail address)';
      if (i.format === 'datetime' || i.format === 'date') return '日期格式不正确 (not a date)';
      return '格式不正确 (not in the expected form)';
    default:
      return null;
  }
}

/** Refusals by field (`<prefix>.<path>`, e.g. `payload.score` for a step's form), each in words. */
export const issueErrors = (issues: { code: string; path: PropertyKey[]; message: string }[], prefix: string[] = []) =>
  Object.fromEntries(
    issues.map((i) => [[...prefix, ...i.path.map(String)].join('.'), issueInWords(i) ?? i.message] as const),
  );
