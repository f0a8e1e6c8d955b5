import { FunctionField, useLocale } from 'react-admin';
import { formatDate, formatDateTime } from './format';

/** A timestamp in Asia/Shanghai, written the way the UI language writes dates. */
export const DateTimeField = ({ source, dateOnly = false }: { source: string; label?: string; dateOnly?: boolean }) => {
  const locale = useLocale();
  return <FunctionField source={source} render={(r) => (dateOnly ? formatDate : formatDateTime)(r[source], locale)} />;
};
