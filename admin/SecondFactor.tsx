/**
 * Signing in with a second factor, and enrolling one: the sign-in form asks for the code of the
 * authenticator app when the server does (or a recovery code instead); an account that must have
 * a second factor and has none enrols it first — QR code, a first code, the recovery codes to keep.
 */
import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { type FormEvent, useState } from 'react';
import { useLogin, useNotify, useTranslate } from 'react-admin';
import { httpClient } from './dataProvider';
import { readSession, saveSession } from './session';

/** The sign-in form: username and password, then the second factor when it is asked for. */
export const SignInForm = () => {
  const translate = useTranslate();
  const login = useLogin();
  const notify = useNotify();
  const [codeAsked, setCodeAsked] = useState(false);
  const [useRecovery, setUseRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    setBusy(true);
    try {
      await login({
        username: value('username'),
        password: String(form.get('password') ?? ''),
        otp: useRecovery ? undefined : value('otp'),
        recoveryCode: useRecovery ? value('otp') : undefined,
      });
    } catch (err) {
      if ((err as { codeAsked?: boolean }).codeAsked) setCodeAsked(true);
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box
      component="form"
      onSubmit={submit}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2, minWidth: 260 }}
    >
      <TextField name="username" label={translate('ra.auth.username')} autoComplete="username" required />
      <TextField
        name="password"
        type="password"
        label={translate('ra.auth.password')}
        autoComplete="current-password"
        required
      />
      {codeAsked ? (
        <>
          <TextField
            name="otp"
            label={translate(useRecovery ? 'kejin.secondFactor.recoveryCode' : 'kejin.secondFactor.code')}
            autoComplete="one-time-code"
            slotProps={{ htmlInput: useRecovery ? {} : { inputMode: 'numeric', pattern: '[0-9]{6}' } }}
            autoFocus
            required
          />
          <Button size="small" onClick={() => setUseRecovery(!useRecovery)}>
            {translate(useRecovery ? 'kejin.secondFactor.useCode' : 'kejin.secondFactor.useRecovery')}
          </Button>
        </>
      ) : null}
      <Button type="submit" variant="contained" disabled={busy}>
        {translate('ra.auth.sign_in')}
      </Button>
    </Box>
  );
};

const post = async (path: string, body?: unknown) =>
  (await httpClient(`/api/auth/totp/${path}`, { method: 'POST', body: body ? JSON.stringify(body) : undefined })).json;

/** Enrolment, shown instead of the console until an account that needs a second factor has one. */
export const EnrolSecondFactor = () => {
  const translate = useTranslate();
  const [enrolment, setEnrolment] = useState<{ qrCode: string; secret: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirm = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    try {
      const otp = String(new FormData(e.currentTarget).get('otp') ?? '').trim();
      setRecoveryCodes((await post('confirm', { otp })).recoveryCodes);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const done = () => {
    const session = readSession();
    if (session) saveSession({ ...session, mustEnrol: false });
    window.location.reload();
  };
  return (
    <Card sx={{ maxWidth: 560, mx: 'auto', mt: 4 }}>
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h5" component="h1">
            {translate('kejin.secondFactor.title')}
          </Typography>
          <Typography>{translate('kejin.secondFactor.why')}</Typography>
          {recoveryCodes ? (
            <>
              <Alert severity="warning">{translate('kejin.secondFactor.keepCodes')}</Alert>
              <Box component="ul" data-testid="recovery-codes" sx={{ fontFamily: 'monospace', columns: 2 }}>
                {recoveryCodes.map((code) => (
                  <li key={code}>{code}</li>
                ))}
              </Box>
              <Button variant="contained" onClick={done}>
                {translate('kejin.secondFactor.continue')}
              </Button>
            </>
          ) : enrolment ? (
            <Box component="form" onSubmit={confirm} sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
              <Typography>{translate('kejin.secondFactor.scan')}</Typography>
              <img src={enrolment.qrCode} alt={translate('kejin.secondFactor.qr')} width={220} height={220} />
              <Typography sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="totp-secret">
                {enrolment.secret}
              </Typography>
              <TextField
                name="otp"
                label={translate('kejin.secondFactor.code')}
                slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]{6}' } }}
                required
              />
              {error ? <Alert severity="error">{error}</Alert> : null}
              <Button type="submit" variant="contained">
                {translate('kejin.secondFactor.confirm')}
              </Button>
            </Box>
          ) : (
            <Button variant="contained" onClick={async () => setEnrolment(await post('enrol'))}>
              {translate('kejin.secondFactor.start')}
            </Button>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
