import { z } from 'zod';

export const FinancialCategory = z
  .enum(['bank', 'venture_capital', 'insurance', 'guarantee', 'leasing', 'factoring', 'securities', 'equity_exchange'])
  .describe('银行 / 创投 / 保险 / 担保 / 融资租赁 / 保理 / 证券 / 区域性股权交易中心');
export type FinancialCategory = z.infer<typeof FinancialCategory>;

export interface FigureDefinition {
  key: string;
  label: string;
  unit: string;
}

/** Admission-threshold figures each financial kind reports (seed 000, 金融服务体系准入机制). */
export const THRESHOLD_FIGURES: Partial<Record<FinancialCategory, FigureDefinition[]>> = {
  bank: [
    { key: 'techLoansIssued', label: '科技贷款发放额', unit: '万元' },
    { key: 'nplRatio', label: '坏账率', unit: '%' },
    { key: 'techCreditProducts', label: '科技信贷产品数', unit: '个' },
  ],
  venture_capital: [
    { key: 'aum', label: '资金管理规模', unit: '万元' },
    { key: 'techInvestmentShare', label: '投资科技型企业比例', unit: '%' },
  ],
  insurance: [
    { key: 'techSumInsured', label: '科技保险保额', unit: '万元' },
    { key: 'exclusiveProducts', label: '科技保险专属产品数', unit: '个' },
    { key: 'techPremiumIncome', label: '科技保险保费收入', unit: '万元' },
  ],
  guarantee: [
    { key: 'techGuaranteeShare', label: '科技担保业务占比', unit: '%' },
    { key: 'riskSharingRatio', label: '科技担保风险分担比例', unit: '%' },
    { key: 'techGuaranteeFeeIncome', label: '科技担保保费收入', unit: '万元' },
  ],
};

export const ThresholdRule = z.object({
  indicator: z.string(),
  op: z.enum(['>=', '<=']),
  value: z.number(),
});
export type ThresholdRule = z.infer<typeof ThresholdRule>;

export const ThresholdResult = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  op: z.enum(['>=', '<=']),
  limit: z.number(),
  value: z.number().nullable(),
  passed: z.boolean(),
});
export type ThresholdResult = z.infer<typeof ThresholdResult>;

/** Each configured threshold of the category checked against the applicant's figures. */
export function evaluateThresholds(
  category: string,
  figures: Record<string, number>,
  rules: Partial<Record<string, ThresholdRule[]>>,
): ThresholdResult[] {
  const definitions = THRESHOLD_FIGURES[category as FinancialCategory] ?? [];
  return (rules[category] ?? []).map((rule) => {
    const def = definitions.find((d) => d.key === rule.indicator) ?? {
      key: rule.indicator,
      label: rule.indicator,
      unit: '',
    };
    const value = figures[rule.indicator] ?? null;
    const passed = value !== null && (rule.op === '>=' ? value >= rule.value : value <= rule.value);
    return { ...def, op: rule.op, limit: rule.value, value, passed };
  });
}

export const failedThresholds = (results: ThresholdResult[]) => results.filter((r) => !r.passed);
