import NotificationsIcon from '@mui/icons-material/Notifications';
import PeopleIcon from '@mui/icons-material/People';
import { Badge, Box, IconButton, type Theme, Tooltip, useMediaQuery } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import {
  AppBar,
  Layout,
  type LayoutProps,
  LocalesMenuButton,
  Logout,
  MenuItemLink,
  RefreshIconButton,
  TitlePortal,
  ToggleThemeButton,
  UserMenu,
  useGetIdentity,
  useTranslate,
  useUserMenu,
} from 'react-admin';
import { Link } from 'react-router-dom';
import { httpClient } from './dataProvider';
import { useLiveUpdates } from './live';
import { EnrolSecondFactor } from './SecondFactor';
import { readSession } from './session';

/** The unread count, current through the live feed. */
function Bell() {
  const translate = useTranslate();
  const { data } = useQuery({
    queryKey: ['unread-notifications'],
    queryFn: async () => {
      const res = await httpClient(`/api/notifications?range=[0,0]&filter=${encodeURIComponent('{"unread":true}')}`);
      return Number(res.headers.get('Content-Range')?.split('/')[1] ?? 0);
    },
  });
  return (
    <Tooltip title={translate('kejin.notifications.bell', { count: data ?? 0 })}>
      <IconButton
        component={Link}
        to="/notifications"
        color="inherit"
        aria-label={translate('kejin.notifications.bell', { count: data ?? 0 })}
      >
        <Badge badgeContent={data ?? 0} color="error">
          <NotificationsIcon />
        </Badge>
      </IconButton>
    </Tooltip>
  );
}

/** The user's 代理 page, from the user menu (which closes as the page opens). */
const StandInMenuItem = () => {
  const userMenu = useUserMenu();
  return (
    <MenuItemLink
      to="/stand-in"
      primaryText="kejin.standIn.title"
      leftIcon={<PeopleIcon />}
      onClick={userMenu?.onClose}
    />
  );
};

/** The user menu named by the user's name, so its accessible name matches what it shows. */
const KejinUserMenu = () => {
  const { identity } = useGetIdentity();
  // on a phone react-admin shows an icon, and names it by a translation key only (a name would
  // read "Profile"): there it is 设置 / Settings
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('sm'));
  return (
    <UserMenu label={wide ? (identity?.fullName ?? 'ra.auth.user_menu') : 'ra.auth.user_menu'}>
      <StandInMenuItem />
      <Logout />
    </UserMenu>
  );
};

const KejinAppBar = () => (
  <AppBar
    userMenu={<KejinUserMenu />}
    toolbar={
      <>
        <Bell />
        {/* on a phone the title keeps its room: the language menu shows its icon only, and the
            refresh button goes (the live feed keeps every screen current) */}
        <Box
          component="span"
          sx={(theme) => ({
            [theme.breakpoints.down('sm')]: {
              '& .MuiButton-root': { minWidth: 0, fontSize: 0 },
              '& .MuiButton-startIcon': { mr: 0 },
              '& .MuiButton-endIcon': { display: 'none' },
            },
          })}
        >
          <LocalesMenuButton />
        </Box>
        <ToggleThemeButton />
        <Box component="span" sx={{ display: { xs: 'none', sm: 'inline-flex' } }}>
          <RefreshIconButton />
        </Box>
      </>
    }
  >
    {/* a long title (规则 · 揭榜挂帅规则 · 第 2 版) takes two smaller lines on a phone, not an ellipsis */}
    <TitlePortal
      sx={(theme) => ({
        [theme.breakpoints.down('sm')]: {
          fontSize: '1rem',
          lineHeight: 1.25,
          whiteSpace: 'normal',
          display: '-webkit-box',
          WebkitLineClamp: 2,
          WebkitBoxOrient: 'vertical',
        },
      })}
    />
  </AppBar>
);
/** The console's frame; while it is open, the live feed keeps every screen current. */
export const KejinLayout = (props: LayoutProps) => {
  useLiveUpdates();
  if (readSession()?.mustEnrol)
    return (
      <Layout {...props} appBar={KejinAppBar}>
        <EnrolSecondFactor />
      </Layout>
    );
  // the content may shrink below its widest child, so a wide table or tab bar scrolls inside itself, not the page
  return (
    <Layout
      {...props}
      appBar={KejinAppBar}
      sx={{ minWidth: 0, '& .RaLayout-appFrame, & .RaLayout-content': { minWidth: 0 } }}
    />
  );
};
