import { AdmissionStatus, ApplicantKind, System, TechCategory } from '../domain/application';
import { GUANGDONG_CITIES } from '../domain/cities';
import { Role } from '../domain/roles';
import { FinancialCategory } from '../domain/thresholds';

/** Select choices built from the domain enums, labelled through i18n keys. */
const choices = (values: readonly string[], prefix: string) => values.map((id) => ({ id, name: `${prefix}.${id}` }));
export const cityChoices = GUANGDONG_CITIES.map((c) => ({ id: c, name: c }));
export const statusChoices = choices(AdmissionStatus.options, 'kejin.status');
export const systemChoices = choices(System.options, 'kejin.system');
export const techCategoryChoices = choices(TechCategory.options, 'kejin.category');
export const financialCategoryChoices = choices(FinancialCategory.options, 'kejin.category');
export const categoryChoices = [...techCategoryChoices, ...financialCategoryChoices];
export const applicantKindChoices = choices(ApplicantKind.options, 'kejin.applicantKind');
export const roleChoices = choices(Role.options, 'kejin.role');
export const taskStatusChoices = choices(['open', 'done', 'cancelled'], 'kejin.taskStatus');
