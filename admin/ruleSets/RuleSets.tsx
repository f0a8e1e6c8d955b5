import {
  Alert,
  Box,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import {
  BooleanField,
  FunctionField,
  List,
  NumberField,
  type RaRecord,
  TextField as RaTextField,
  Show,
  Title,
  useCreate,
  useGetList,
  useLocale,
  useNotify,
  useRecordContext,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { z } from 'zod';
import { AdmissionRules } from '../../domain/admissionRules';
import { CompetitionRules } from '../../domain/competition';
import { EvaluationRules } from '../../domain/evaluation';
import { errorText } from '../applications/ApplicationActions';
import { CaseTitle } from '../CaseLayout';
import { DateTimeField } from '../DateTimeField';
import { fieldErrorsFor } from '../i18n/serverText';
import { LabelButton } from '../LabelButton';
import { ListActions } from '../ListActions';
import { ResponsiveDatagrid } from '../ResponsiveDatagrid';
import { dateTime, number, text, xlsxExporter } from '../xlsx';
import { carryOver, leaves, type Schema, SchemaField, useRuleWords } from './SchemaForm';

const EXPORT = xlsxExporter([
  number('version'),
  text('current'),
  text('comment'),
  text('createdBy'),
  dateTime('createdAt'),
]);

/** The rule categories and the schema the API checks each against (the same zod schemas). */
const KINDS = { admission: AdmissionRules, evaluation: EvaluationRules, competition: CompetitionRules } as const;
type Kind = keyof typeof KINDS;
const schemaOf = (kind: Kind) => z.toJSONSchema(KINDS[kind], { unrepresentable: 'any', io: 'input' }) as Schema;

const KindField = () => {
  const translate = useTranslate();
  return <FunctionField source="kind" render={(r) => translate(`kejin.rule.kind.${r.kind}`)} />;
};

/** A version as people name it: 准入规则 · 第 2 版 (the page's title and its heading). */
const versionName = (translate: ReturnType<typeof useTranslate>, r: Record<string, any>) =>
  `${translate(`kejin.rule.kind.${r.kind}`)} · ${translate('kejin.rule.version', { version: r.version })}`;

/** Who published a version, by name ("the system" for the first versions the product seeded). */
const PublishedBy = ({ record }: { record: RaRecord }) => {
  const translate = useTranslate();
  return <>{record.createdByName ?? translate('kejin.rule.seeded')}</>;
};

/** Every version with who changed it, when and why; a change is always a new version. */
export const RuleSetList = () => (
  <List sort={{ field: 'version', order: 'DESC' }} exporter={EXPORT} actions={<ListActions filters={false} />}>
    <ResponsiveDatagrid rowClick="show" bulkActionButtons={false}>
      <KindField />
      <NumberField source="version" />
      <BooleanField source="current" />
      <RaTextField source="comment" />
      <FunctionField source="createdBy" render={(r) => <PublishedBy record={r} />} />
      <DateTimeField source="createdAt" />
    </ResponsiveDatagrid>
  </List>
);

/** One version, read as the form it was published from, with what changed from the version before. */
const VersionBody = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data: earlier } = useGetList(
    'rule-sets',
    {
      filter: { kind: record?.kind },
      sort: { field: 'version', order: 'DESC' },
      pagination: { page: 1, perPage: 100 },
    },
    { enabled: Boolean(record) },
  );
  const schema = useMemo(() => (record ? schemaOf(record.kind as Kind) : null), [record]);
  if (!record || !schema) return null;
  const previous = earlier?.find((v) => v.version === record.version - 1);
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Typography variant="h6" component="h2">
        {versionName(translate, record)}
      </Typography>
      <Typography variant="body2">
        {record.comment} — <PublishedBy record={record} />
      </Typography>
      {previous && <Changes before={previous.body} after={record.body} />}
      <SchemaField schema={schema} value={record.body} path={[]} errors={{}} onChange={() => {}} readOnly />
    </Stack>
  );
};

export const RuleSetShow = () => {
  const translate = useTranslate();
  return (
    <Show title={<CaseTitle name={(r) => versionName(translate, r)} />}>
      <VersionBody />
    </Show>
  );
};

/** What a new version changes, leaf by leaf, in words. */
function Changes({ before, after }: { before: unknown; after: unknown }) {
  const translate = useTranslate();
  const { pathWords, word } = useRuleWords();
  const old = leaves(before);
  const next = leaves(after);
  const keys = [...new Set([...old.keys(), ...next.keys()])].filter((k) => old.get(k)?.text !== next.get(k)?.text);
  const shown = (leaf?: { text: string }) => (leaf === undefined ? '—' : word(leaf.text));
  return (
    <Box data-testid="rule-diff">
      <Typography variant="subtitle1">{translate('kejin.rule.changes')}</Typography>
      {keys.length === 0 && <Typography variant="body2">{translate('kejin.rule.noChanges')}</Typography>}
      {keys.map((k) => (
        <Typography key={k} variant="body2" data-change={k}>
          {pathWords((next.get(k) ?? old.get(k))!.path)}：{shown(old.get(k))} → <b>{shown(next.get(k))}</b>
        </Typography>
      ))}
    </Box>
  );
}

/**
 * A new version of a category's rules, as a form built from the API's own schema, starting from
 * the version in force; checked with the same schema before the change is shown, and published
 * with a reason once the differences have been read.
 */
export const RuleSetCreate = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const [kind, setKind] = useState<Kind>('admission');
  const { data: versions } = useGetList('rule-sets', {
    filter: { kind },
    sort: { field: 'version', order: 'DESC' },
    pagination: { page: 1, perPage: 1 },
  });
  const current = versions?.[0]?.kind === kind ? versions[0] : undefined;
  const loaded = versions !== undefined && (versions.length === 0 || current !== undefined);
  /** The version the draft started from (null: none yet): kept while others publish, so no edit is lost. */
  const [base, setBase] = useState<{ version: number; body: unknown } | null>();
  const [draft, setDraft] = useState<unknown>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reviewing, setReviewing] = useState(false);
  const [comment, setComment] = useState('');
  const [create, { isPending }] = useCreate();
  const locale = useLocale();
  const startFrom = (from: typeof current) => {
    setBase(from ? { version: from.version, body: from.body } : null);
    setDraft(from?.body ?? {});
    setErrors({});
  };
  useEffect(() => {
    if (loaded && base === undefined) startFrom(current);
  }, [loaded, base, current]);
  const chooseKind = (k: Kind) => {
    setKind(k);
    setBase(undefined);
    setDraft(undefined);
  };
  const schema = useMemo(() => schemaOf(kind), [kind]);
  const review = () => {
    const parsed = KINDS[kind].safeParse(draft);
    if (!parsed.success) {
      setErrors(fieldErrorsFor(parsed.error, draft, locale));
      return notify('kejin.rule.invalid', { type: 'error' });
    }
    setErrors({});
    setReviewing(true);
  };
  const publish = () =>
    create(
      'rule-sets',
      { data: { kind, body: draft, comment, baseVersion: base?.version ?? 0 } },
      {
        onSuccess: () => {
          notify('kejin.rule.published', { type: 'success' });
          redirect('list', 'rule-sets');
        },
        onError: (e: any) => {
          const server = (e?.body?.errors ?? {}) as Record<string, string>;
          setErrors(Object.fromEntries(Object.entries(server).map(([k, v]) => [k.replace(/^body\./, ''), v])));
          if (!server.comment) setReviewing(false);
          notify(errorText(e), { type: 'error', multiLine: true });
        },
      },
    );
  return (
    <Box sx={{ p: 2 }} data-testid="rule-editor">
      <Title title="kejin.rule.newVersion" />
      <Tabs value={kind} onChange={(_, k) => chooseKind(k)} variant="scrollable" allowScrollButtonsMobile>
        {(Object.keys(KINDS) as Kind[]).map((k) => (
          <Tab key={k} value={k} label={translate(`kejin.rule.kind.${k}`)} />
        ))}
      </Tabs>
      <Alert severity="info" sx={{ my: 2 }}>
        {base ? translate('kejin.rule.startsFrom', { version: base.version }) : translate('kejin.rule.firstVersion')}
      </Alert>
      {current && base !== undefined && current.version !== base?.version && (
        <Alert
          severity="warning"
          sx={{ my: 2 }}
          data-testid="rule-newer"
          action={
            <LabelButton
              label={translate('kejin.rule.restart', { version: current.version })}
              onClick={() => {
                setBase({ version: current.version, body: current.body });
                setDraft(carryOver(base?.body ?? {}, draft, current.body));
                setErrors({});
              }}
            />
          }
        >
          {translate('kejin.rule.newerPublished', { version: current.version, base: base?.version ?? 0 })}
        </Alert>
      )}
      {draft !== undefined && (
        <SchemaField schema={schema} value={draft} path={[]} errors={errors} onChange={setDraft} />
      )}
      <Box sx={{ mt: 2 }}>
        <LabelButton label="kejin.rule.review" variant="contained" onClick={review} />
      </Box>
      <Dialog open={reviewing} onClose={() => setReviewing(false)} fullWidth maxWidth="md">
        <DialogTitle>{translate('kejin.rule.reviewTitle', { kind: translate(`kejin.rule.kind.${kind}`) })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <Changes before={base?.body ?? {}} after={draft} />
            <TextField
              name="comment"
              label={translate('kejin.rule.comment')}
              required
              multiline
              minRows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              error={Boolean(errors.comment)}
              helperText={errors.comment}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <LabelButton label="ra.action.cancel" onClick={() => setReviewing(false)} />
          <LabelButton label="kejin.rule.publish" variant="contained" onClick={publish} disabled={isPending} />
        </DialogActions>
      </Dialog>
    </Box>
  );
};
