import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@mui/material';
import {
  BooleanInput,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  TabbedForm,
  TextInput,
  useTranslate,
} from 'react-admin';
import type { z } from 'zod';
import { Checklist, Plan } from '../../domain/application';
import { type FinancialCategory, THRESHOLD_FIGURES } from '../../domain/thresholds';
import {
  applicantKindChoices,
  cityChoices,
  financialCategoryChoices,
  systemChoices,
  techCategoryChoices,
} from '../choices';
import { compact } from '../compact';
import { SaveOnlyToolbar } from '../SaveOnlyToolbar';
import { EvidenceInput } from './EvidenceInput';

/**
 * The application as a step-by-step form (tabs): organisation, construction plan, checklist with
 * evidence, threshold figures for financial kinds. Validated by the API's own zod schema.
 */
export const ApplicationForm = ({
  schema,
  identityLocked = false,
  ownCode = false,
  caseId,
}: {
  schema: z.ZodType<any, any>;
  identityLocked?: boolean;
  /** A new application: the credit code is the organisation's registered one, shown, not typed. */
  ownCode?: boolean;
  caseId?: string;
}) => {
  const translate = useTranslate();
  return (
    <TabbedForm
      toolbar={<SaveOnlyToolbar />}
      resolver={(values, context, options) => zodResolver(schema as any)(compact(values), context, options as any)}
      mode="onBlur"
    >
      <TabbedForm.Tab label="resources.applications.tabs.organisation">
        <TextInput source="orgName" fullWidth />
        <TextInput
          source="creditCode"
          disabled={identityLocked}
          readOnly={ownCode}
          helperText={ownCode ? 'kejin.show.ownCode' : 'GB 32100 · 18'}
        />
        <SelectInput source="system" choices={systemChoices} />
        <FormDataConsumer>
          {({ formData }) => (
            <>
              <SelectInput
                source="category"
                choices={formData.system === 'financial' ? financialCategoryChoices : techCategoryChoices}
              />
              <SelectInput
                source="applicantKind"
                choices={applicantKindChoices.filter(
                  (c) => (formData.system === 'financial') === (c.id === 'financial_hq'),
                )}
              />
            </>
          )}
        </FormDataConsumer>
        <SelectInput source="city" choices={cityChoices} />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="resources.applications.tabs.plan">
        {Object.keys(Plan.shape).map((key) => (
          <TextInput key={key} source={`plan.${key}`} multiline minRows={2} fullWidth />
        ))}
      </TabbedForm.Tab>
      <TabbedForm.Tab label="resources.applications.tabs.checklist">
        {Object.keys(Checklist.shape).map((key) => (
          <div key={key} style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
            <BooleanInput source={`checklist.${key}`} />
            <EvidenceInput caseId={caseId} item={key} />
          </div>
        ))}
        {!caseId && <Alert severity="info">{translate('kejin.show.evidenceAfterSave')}</Alert>}
      </TabbedForm.Tab>
      <TabbedForm.Tab label="resources.applications.tabs.thresholds">
        <FormDataConsumer>
          {({ formData }) => {
            const figures = THRESHOLD_FIGURES[formData.category as FinancialCategory];
            if (formData.system !== 'financial' || !figures)
              return <span>{translate('kejin.system.tech_service')} —</span>;
            return figures.map((f) => (
              <NumberInput
                key={f.key}
                source={`thresholdFigures.${f.key}`}
                label={`${translate(`kejin.threshold.${f.key}`, { _: f.label })} (${translate(`kejin.unit.${f.unit}`, { _: f.unit })})`}
                min={0}
              />
            ));
          }}
        </FormDataConsumer>
      </TabbedForm.Tab>
    </TabbedForm>
  );
};
