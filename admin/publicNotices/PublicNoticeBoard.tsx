import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  Container,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Pagination,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LocalesMenuButton, useLocale, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { PublicNotice } from '../../domain/notice';
import { formatDateTime } from '../format';
import { readersLanguage } from '../i18n';

/** Notices on a page of the board. */
const PAGE = 10;

/** 公示: the open lists and those closed in the last 12 months, without login, ten a page; objections in writing. */
export const PublicNoticeBoard = () => {
  const translate = useTranslate();
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const { data, refetch } = useQuery({
    queryKey: ['public-notices', page, search],
    queryFn: async () => {
      const query = new URLSearchParams({
        range: JSON.stringify([(page - 1) * PAGE, page * PAGE - 1]),
        filter: JSON.stringify(search.trim() ? { q: search.trim() } : {}),
      });
      const res = await fetch(`/api/public/notices?${query}`);
      const total = Number(res.headers.get('Content-Range')?.split('/').pop() ?? 0);
      return { notices: (await res.json()) as PublicNotice[], total };
    },
  });
  const notices = data?.notices;
  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE));
  const [objecting, setObjecting] = useState<{ notice: PublicNotice; itemId: string } | null>(null);
  return (
    <Container maxWidth="md" sx={{ py: 3 }} component="main">
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
        <Typography variant="h5" component="h1">
          {translate('kejin.public.title')}
        </Typography>
        <Stack direction="row" sx={{ gap: 1, alignItems: 'center' }}>
          <LocalesMenuButton />
          <Button component={Link} to="/login">
            {translate('kejin.public.signIn')}
          </Button>
        </Stack>
      </Stack>
      <TextField
        type="search"
        size="small"
        sx={{ mt: 2 }}
        fullWidth
        label={translate('kejin.public.search')}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setPage(1);
        }}
      />
      {notices?.length === 0 && <Typography sx={{ mt: 3 }}>{translate('kejin.public.none')}</Typography>}
      {notices?.map((n) => (
        <Card key={n.id} sx={{ mt: 2 }} data-notice={n.id}>
          <CardContent>
            <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="h6" component="h2">
                {locale === 'en' ? translate(`kejin.public.kinds.${n.kind}`) : n.title}
              </Typography>
              <Chip
                size="small"
                label={translate(`kejin.public.status.${n.status}`)}
                color={n.status === 'open' ? 'primary' : 'default'}
              />
              {n.version > 1 && <Chip size="small" label={translate('kejin.public.version', { version: n.version })} />}
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {translate('kejin.public.period', {
                from: formatDateTime(n.startsAt, locale),
                to: formatDateTime(n.endsAt, locale),
              })}
            </Typography>
            {n.items.length === 0 && <Typography sx={{ mt: 1 }}>{translate('kejin.public.empty')}</Typography>}
            {n.items.map((i) => (
              <Box key={i.id} sx={{ mt: 1.5, display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography sx={{ fontWeight: 600 }}>{i.orgName}</Typography>
                <Typography variant="body2">
                  {i.city} · {translate(`kejin.system.${i.system}`)}
                  {i.category ? ` · ${translate(`kejin.category.${i.category}`)}` : ''} · {i.result}
                </Typography>
                {n.status === 'open' && (
                  <Button size="small" variant="outlined" onClick={() => setObjecting({ notice: n, itemId: i.id })}>
                    {translate('kejin.public.object')}
                  </Button>
                )}
              </Box>
            ))}
            {n.status === 'open' && (
              <Typography variant="body2" sx={{ mt: 2 }} color="text.secondary">
                {locale === 'en' ? translate('kejin.public.howToObject') : n.howToObject}
              </Typography>
            )}
            <Button
              size="small"
              sx={{ mt: 1 }}
              href={`/api/public/notices/${encodeURIComponent(n.id)}/notice.pdf`}
              target="_blank"
              rel="noopener"
            >
              {translate('kejin.public.pdf')}
            </Button>
          </CardContent>
        </Card>
      ))}
      {pages > 1 && (
        <Pagination
          sx={{ mt: 2, display: 'flex', justifyContent: 'center' }}
          count={pages}
          page={page}
          onChange={(_, p) => setPage(p)}
          data-testid="notice-pages"
        />
      )}
      {objecting && (
        <ObjectionDialog
          {...objecting}
          onClose={() => {
            setObjecting(null);
            void refetch();
          }}
        />
      )}
    </Container>
  );
};

function ObjectionDialog({ notice, itemId, onClose }: { notice: PublicNotice; itemId: string; onClose: () => void }) {
  const translate = useTranslate();
  const [values, setValues] = useState<Record<string, string>>({ kind: 'person' });
  const [letter, setLetter] = useState<File | null>(null);
  const [evidence, setEvidence] = useState<File[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const locale = useLocale();
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const field = (name: string, extra: object = {}) => (
    <TextField
      name={name}
      label={translate(`kejin.public.fields.${name}`)}
      value={values[name] ?? ''}
      onChange={set(name)}
      error={Boolean(errors[name])}
      helperText={errors[name]}
      {...extra}
    />
  );
  async function submit() {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...values, itemId })) if (v) form.set(k, v);
    if (letter) form.set('letter', letter);
    for (const f of evidence) form.append('evidence', f);
    setBusy(true);
    const res = await fetch(`/api/public/notices/${encodeURIComponent(notice.id)}/objections`, {
      method: 'POST',
      body: form,
      headers: readersLanguage(),
    });
    const body = (await res.json()) as { message: string; errors?: Record<string, string>; receiptNo?: string };
    setBusy(false);
    setErrors(body.errors ?? {});
    setMessage(body.message);
    if (res.status === 201) setReceipt(body.receiptNo ?? null);
  }
  if (receipt)
    return (
      <Dialog open onClose={onClose} fullWidth maxWidth="sm">
        <DialogTitle>{translate('kejin.public.objectTitle')}</DialogTitle>
        <DialogContent>
          <Alert severity="success" role="status" data-testid="objection-receipt">
            {translate('kejin.public.received', { no: receipt })}
          </Alert>
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose}>
            {translate('ra.action.close')}
          </Button>
        </DialogActions>
      </Dialog>
    );
  const organization = values.kind === 'organization';
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('kejin.public.objectTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {field('kind', {
            select: true,
            children: ['person', 'organization'].map((k) => (
              <MenuItem key={k} value={k}>
                {translate(`kejin.public.kind.${k}`)}
              </MenuItem>
            )),
          })}
          {organization ? (
            <>
              {field('orgName', { required: true })}
              {field('contactPerson', { required: true })}
              <FormControlLabel
                control={
                  <Checkbox
                    checked={values.sealed === 'true'}
                    onChange={(e) => setValues((v) => ({ ...v, sealed: String(e.target.checked) }))}
                  />
                }
                label={translate('kejin.public.fields.sealed')}
              />
            </>
          ) : (
            field('realName', { required: true })
          )}
          {field('phone', { required: true })}
          {field('email')}
          {field('content', { required: true, multiline: true, minRows: 4 })}
          <FilePicker
            name="letter"
            label={translate('kejin.public.fields.letter')}
            files={letter ? [letter] : []}
            onChange={(f) => setLetter(f[0] ?? null)}
            error={errors.letter}
          />
          <FilePicker
            name="evidence"
            multiple
            label={translate('kejin.public.fields.evidence')}
            files={evidence}
            onChange={setEvidence}
            error={errors.evidence}
          />
          {message && (
            <Alert severity="error" role="alert">
              {message}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={busy}>
          {translate('kejin.public.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A scan to upload (PDF, PNG or JPEG), with the chosen names and the server's reason on refusal. */
function FilePicker(props: {
  name: string;
  label: string;
  files: File[];
  multiple?: boolean;
  error?: string;
  onChange(files: File[]): void;
}) {
  return (
    <Box>
      <Button component="label" variant={props.multiple ? 'text' : 'outlined'}>
        {props.label}
        <input
          hidden
          name={props.name}
          type="file"
          multiple={props.multiple}
          accept="application/pdf,image/png,image/jpeg"
          onChange={(e) => props.onChange([...(e.target.files ?? [])])}
        />
      </Button>
      <Typography variant="body2" component="span" sx={{ ml: 1 }}>
        {props.files.map((f) => f.name).join('、')}
      </Typography>
      {props.error && (
        <Typography color="error" variant="body2">
          {props.error}
        </Typography>
      )}
    </Box>
  );
}
