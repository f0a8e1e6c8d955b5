import { randomInt, randomUUID } from 'node:crypto';
import type { ApplicationData } from '../../domain/application.js';
import { withCheckChar } from '../../domain/creditCode.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A fresh, valid unified social credit code (GB 32100), so tests never collide. */
export function uniqueCreditCode(prefix = '91440101'): string {
  let body = prefix;
  while (body.length < 17) body += ALPHABET[randomInt(ALPHABET.length)];
  return withCheckChar(body);
}

const plan = {
  regionalFeatures: '立足广州科技创新走廊，服务电子信息与生物医药产业集群',
  serviceTargets: '初创期、成长期科技型中小企业',
  serviceRegion: '广州市及周边地区',
  serviceModel: '线上平台撮合 + 线下路演与特派员驻点',
  innovation: '科技信贷风险补偿与投贷联动结合',
};
const checklist = { venue: true, headExperience: true, stableTeam: true, serviceCapability: true, noViolations: true };

/** A complete city tech-service application (广州, goes through municipal recommendation). */
export function buildApplication(overrides: Partial<ApplicationData> = {}): ApplicationData {
  return {
    orgName: `测试科技金融服务机构-${randomUUID().slice(0, 6)}`,
    creditCode: uniqueCreditCode(),
    system: 'tech_service',
    category: 'comprehensive',
    applicantKind: 'municipal',
    city: '广州',
    plan,
    checklist,
    thresholdFigures: {},
    ...overrides,
  };
}

/** A complete bank application whose figures pass the default thresholds. */
export function buildBankApplication(overrides: Partial<ApplicationData> = {}): ApplicationData {
  return buildApplication({
    orgName: `测试银行广东分行-${randomUUID().slice(0, 6)}`,
    system: 'financial',
    category: 'bank',
    applicantKind: 'financial_hq',
    city: '广州',
    thresholdFigures: { techLoansIssued: 250_000, nplRatio: 0.32, techCreditProducts: 6 },
    ...overrides,
  });
}
