import { Button as MuiButton } from '@mui/material';
import { Login, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { SignInForm } from './SecondFactor';

/** The sign-in page, with the way to the public notice board for everyone without an account. */
export const KejinLogin = () => {
  const translate = useTranslate();
  return (
    <Login>
      <SignInForm />
      {/* a text button: react-admin's Button shows only its (absent) icon on a phone */}
      <MuiButton component={Link} to="/public-notices" sx={{ mb: 2, mx: 2 }}>
        {translate('kejin.public.link')}
      </MuiButton>
    </Login>
  );
};
