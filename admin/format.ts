/** Dates in Asia/Shanghai, numbers with thousands separators. */
export const TIME_ZONE = 'Asia/Shanghai';
export const dateTimeOptions: Intl.DateTimeFormatOptions = {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
};
export const dateOptions: Intl.DateTimeFormatOptions = {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
};
export const formatDateTime = (iso: string | null | undefined, locale: string) =>
  iso ? new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', dateTimeOptions) : '—';
export const formatDate = (iso: string | null | undefined, locale: string) =>
  iso ? new Date(iso).toLocaleDateString(locale === 'en' ? 'en-GB' : 'zh-CN', dateOptions) : '—';
export const formatNumber = (value: number | null | undefined, locale: string) =>
  value == null ? '—' : value.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
