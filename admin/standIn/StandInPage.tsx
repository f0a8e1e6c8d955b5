import { Alert, Autocomplete, Box, Button, Card, CardContent, Chip, Stack, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Title, useDataProvider, useLocale, useNotify, usePermissions, useTranslate } from 'react-admin';
import { dutiesOf } from '../../domain/standIn';
import { errorText } from '../applications/ApplicationActions';
import type { KejinDataProvider, StandInCandidate } from '../dataProvider';
import { dateTimeOptions, formatDateTime } from '../format';
import { LabelButton } from '../LabelButton';
import type { SessionUser } from '../session';

/** `datetime-local` text in Asia/Shanghai for an instant, and back. */
const localInput = (d: Date) => new Intl.DateTimeFormat('sv-SE', dateTimeOptions).format(d).replace(' ', 'T');
const fromLocalInput = (text: string) => (text ? new Date(`${text}:00+08:00`).toISOString() : '');

/**
 * 代理: whom I ask to stand in while I am away (a colleague of my review roles and city, offered
 * by name), for when, and whether they accepted; and the colleagues who ask me, to accept or decline.
 */
export const StandInPage = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const hasDuties = dutiesOf({ roles: (permissions as SessionUser | null)?.roles ?? [] }).length > 0;
  return (
    <Stack spacing={2} sx={{ p: { xs: 1, sm: 2 }, maxWidth: 800 }}>
      <Title title="kejin.standIn.title" />
      <Typography variant="body2">{translate('kejin.standIn.intro')}</Typography>
      {hasDuties ? <MyStandIn /> : <Alert severity="info">{translate('kejin.standIn.noDuties')}</Alert>}
      <Offers />
      <Signature />
    </Stack>
  );
};

/** 签名: the image a decision I sign carries onto the 审批单 (PNG or JPEG, at most 200 KB). */
function Signature() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const queryClient = useQueryClient();
  const { data: image } = useQuery({ queryKey: ['my-signature'], queryFn: () => dataProvider.getMySignature() });
  const upload = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = async () => {
      try {
        await dataProvider.setMySignature(String(reader.result));
        await queryClient.invalidateQueries({ queryKey: ['my-signature'] });
        notify('kejin.signature.saved', { type: 'success' });
      } catch (e) {
        notify(errorText(e), { type: 'error', multiLine: true });
      }
    };
    reader.readAsDataURL(file);
  };
  return (
    <Card data-testid="signature">
      <CardContent>
        <Stack spacing={1}>
          <Typography variant="h6" component="h2">
            {translate('kejin.signature.title')}
          </Typography>
          <Typography variant="body2">{translate('kejin.signature.intro')}</Typography>
          {image ? (
            <Box
              component="img"
              src={image}
              alt={translate('kejin.signature.title')}
              sx={{ maxWidth: 240, maxHeight: 100, border: 1, borderColor: 'divider', p: 1, alignSelf: 'flex-start' }}
            />
          ) : (
            <Typography variant="body2" color="text.secondary">
              {translate('kejin.signature.none')}
            </Typography>
          )}
          <Box>
            <Button component="label" variant="outlined">
              {translate(image ? 'kejin.signature.replace' : 'kejin.signature.upload')}
              <input
                hidden
                type="file"
                name="signature"
                accept="image/png,image/jpeg"
                onChange={(e) => upload(e.target.files?.[0])}
              />
            </Button>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

function MyStandIn() {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const queryClient = useQueryClient();
  const { data: current } = useQuery({ queryKey: ['my-stand-in'], queryFn: () => dataProvider.getMyStandIn() });
  const [input, setInput] = useState('');
  const [options, setOptions] = useState<StandInCandidate[]>([]);
  const [chosen, setChosen] = useState<StandInCandidate | null>(null);
  const [from, setFrom] = useState(() => localInput(new Date()));
  const [to, setTo] = useState(() => localInput(new Date(Date.now() + 7 * 86_400_000)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      dataProvider.standInCandidates(input).then((found) => live && setOptions(found));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [input, dataProvider]);
  const reread = () => queryClient.invalidateQueries({ queryKey: ['my-stand-in'] });
  const save = async () => {
    try {
      await dataProvider.setMyStandIn({
        username: chosen?.username ?? '',
        from: fromLocalInput(from),
        to: fromLocalInput(to),
      });
      setErrors({});
      notify('kejin.standIn.asked', { type: 'success' });
      await reread();
    } catch (e: any) {
      const fields = (e?.body?.errors ?? {}) as Record<string, string>;
      setErrors(fields);
      if (!Object.keys(fields).length) notify(errorText(e), { type: 'error', multiLine: true });
    }
  };
  const end = async () => {
    await dataProvider.endMyStandIn();
    notify('kejin.standIn.ended', { type: 'success' });
    await reread();
  };
  const person = (p: StandInCandidate) =>
    [p.organizationName, p.city].some(Boolean)
      ? `${p.displayName}（${[p.organizationName, p.city].filter(Boolean).join('，')}）`
      : p.displayName;
  return (
    <Card data-testid="my-stand-in">
      <CardContent>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {translate('kejin.standIn.mine')}
        </Typography>
        {current?.username ? (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2 }} useFlexGap>
            <Typography variant="body2">
              {translate('kejin.standIn.current', {
                name: current.displayName ?? '',
                from: formatDateTime(current.from, locale),
                to: formatDateTime(current.to, locale),
              })}
            </Typography>
            <Chip
              size="small"
              color={current.accepted ? 'success' : 'warning'}
              label={translate(current.accepted ? 'kejin.standIn.accepted' : 'kejin.standIn.pending')}
            />
            <LabelButton label="kejin.standIn.end" onClick={end} />
          </Stack>
        ) : (
          <Typography variant="body2" sx={{ mb: 2 }}>
            {translate('kejin.standIn.none')}
          </Typography>
        )}
        <Stack spacing={2}>
          <Autocomplete
            options={options}
            value={chosen}
            filterOptions={(o) => o}
            getOptionLabel={person}
            isOptionEqualToValue={(a, b) => a.username === b.username}
            onChange={(_, v) => setChosen(v)}
            onInputChange={(_, v) => setInput(v)}
            noOptionsText={translate('kejin.standIn.noCandidates')}
            renderInput={(params) => (
              <TextField
                {...params}
                name="username"
                label={translate('kejin.standIn.who')}
                error={Boolean(errors.username)}
                helperText={errors.username ?? translate('kejin.standIn.whoHint')}
              />
            )}
          />
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextField
              type="datetime-local"
              name="from"
              label={translate('kejin.standIn.from')}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              error={Boolean(errors.from)}
              helperText={errors.from}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              type="datetime-local"
              name="to"
              label={translate('kejin.standIn.to')}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              error={Boolean(errors.to)}
              helperText={errors.to ?? translate('kejin.standIn.toHint')}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          </Stack>
          <Box>
            <LabelButton label="kejin.standIn.ask" variant="contained" onClick={save} />
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** The colleagues who ask me to stand in: accept, decline, or stop an accepted one. */
function Offers() {
  const translate = useTranslate();
  const locale = useLocale();
  const notify = useNotify();
  const dataProvider = useDataProvider<KejinDataProvider>();
  const queryClient = useQueryClient();
  const { data } = useQuery({ queryKey: ['stand-in-offers'], queryFn: () => dataProvider.standInOffers() });
  const answer = async (username: string, accept: boolean) => {
    try {
      await dataProvider.answerStandInOffer(username, accept);
      notify(accept ? 'kejin.standIn.youAccepted' : 'kejin.standIn.youDeclined', { type: 'success' });
    } catch (e) {
      notify(errorText(e), { type: 'error', multiLine: true });
    }
    await queryClient.invalidateQueries({ queryKey: ['stand-in-offers'] });
  };
  return (
    <Card data-testid="stand-in-offers">
      <CardContent>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {translate('kejin.standIn.offers')}
        </Typography>
        {!data?.length && <Typography variant="body2">{translate('kejin.standIn.noOffers')}</Typography>}
        {data?.map((o) => (
          <Stack
            key={o.username}
            direction={{ xs: 'column', sm: 'row' }}
            spacing={1}
            sx={{ alignItems: { sm: 'center' }, py: 1 }}
            data-offer={o.username}
          >
            <Typography variant="body2" sx={{ flexGrow: 1 }}>
              {translate('kejin.standIn.offer', {
                name: o.displayName,
                from: formatDateTime(o.from, locale),
                to: formatDateTime(o.to, locale),
              })}
            </Typography>
            {o.accepted ? (
              <>
                <Chip size="small" color="success" label={translate('kejin.standIn.accepted')} />
                <LabelButton label="kejin.standIn.stop" onClick={() => answer(o.username, false)} />
              </>
            ) : (
              <Stack direction="row" spacing={1}>
                <LabelButton
                  label="kejin.standIn.accept"
                  variant="contained"
                  onClick={() => answer(o.username, true)}
                />
                <LabelButton label="kejin.standIn.decline" onClick={() => answer(o.username, false)} />
              </Stack>
            )}
          </Stack>
        ))}
      </CardContent>
    </Card>
  );
}
