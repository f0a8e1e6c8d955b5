import { Button, type ButtonProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';

/**
 * A button that always shows its (translated) words: react-admin's Button shows only its icon on a
 * phone, which leaves an action without an icon invisible. With `to`, it is a link.
 */
export const LabelButton = ({
  label,
  to,
  ...props
}: Omit<ButtonProps, 'children'> & { label: string; to?: string }) => {
  const translate = useTranslate();
  const text = translate(label, { _: label });
  return to ? (
    <Button size="small" component={Link} to={to} {...(props as object)}>
      {text}
    </Button>
  ) : (
    <Button size="small" {...props}>
      {text}
    </Button>
  );
};
