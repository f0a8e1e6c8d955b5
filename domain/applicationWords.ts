/**
 * An application's fields and codes in words, Chinese and English: the console's catalogue reads
 * them (admin/i18n/messages.ts) and so does the printed 申报书 (api/documents.ts).
 */
type Words = readonly [zh: string, en: string];

export const SYSTEM_WORDS: Record<string, Words> = {
  tech_service: ['科技服务体系', 'Tech-service'],
  financial: ['金融服务体系', 'Financial'],
};
export const CATEGORY_WORDS: Record<string, Words> = {
  comprehensive: ['综合型', 'Comprehensive'],
  industrial: ['产业型', 'Industrial'],
  specialty: ['特色型', 'Specialty'],
  bank: ['银行', 'Bank'],
  venture_capital: ['创投', 'Venture capital'],
  insurance: ['保险', 'Insurance'],
  guarantee: ['担保', 'Guarantee'],
  leasing: ['融资租赁', 'Leasing'],
  factoring: ['保理', 'Factoring'],
  securities: ['证券', 'Securities'],
  equity_exchange: ['区域性股权交易中心', 'Regional equity exchange'],
};
export const APPLICANT_KIND_WORDS: Record<string, Words> = {
  municipal: ['地市推荐', 'Via city bureau'],
  provincial_unit: ['省直单位/省属企业', 'Provincial unit'],
  central_enterprise_branch: ['央企驻粤分支机构', 'Central-enterprise branch'],
  financial_hq: ['金融机构广东总部', 'Financial institution HQ'],
};
/** 建设方案, field by field. */
export const PLAN_WORDS: Record<string, Words> = {
  regionalFeatures: ['区域特色', 'Regional features'],
  serviceTargets: ['服务对象', 'Service targets'],
  serviceRegion: ['服务区域', 'Service region'],
  serviceModel: ['服务模式', 'Service model'],
  innovation: ['创新性', 'Innovation'],
};
/** 资质条件, item by item (standard §5.2–5.4). */
export const CHECKLIST_WORDS: Record<string, Words> = {
  venue: ['服务场地（接待、会议、活动、展示）', 'Service venue (reception, meeting, activity, exhibition)'],
  headExperience: ['负责人具有金融机构从业经历', 'Head has financial-institution experience'],
  stableTeam: ['稳定的专业服务团队', 'A stable, trained team'],
  serviceCapability: [
    '科技信贷、创投融资、上市辅导、政策咨询、人才培训能力',
    'Tech credit, VC, listing coaching, policy and training capability',
  ],
  noViolations: ['无违法违规记录', 'No record of violations'],
};
