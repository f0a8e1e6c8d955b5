import { describe, expect, it } from 'vitest';
import { neutralisedCell } from '../../domain/text.js';

describe('export cells (CSV injection)', () => {
  it('makes a cell that begins like a formula read as text, and leaves every other cell as it is', () => {
    for (const formula of ['=HYPERLINK("http://x","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutralisedCell(formula)).toBe(`'${formula}`);
    for (const plain of ['广州越秀科技金融服务中心', 'a=b', '2026-12-07', '', "'已转义"])
      expect(neutralisedCell(plain)).toBe(plain);
  });
});
