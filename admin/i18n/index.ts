import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import { enMessages, zhMessages } from './messages';
import chineseMessages from './raChinese';

type Messages = Record<string, unknown>;
/** Chinese over English key by key, so a react-admin 5 key the Chinese set lacks still reads sensibly. */
function merge(base: Messages, over: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(over))
    out[k] = v && typeof v === 'object' && typeof base[k] === 'object' ? merge(base[k] as Messages, v as Messages) : v;
  return out;
}
const messages = {
  zh: merge(merge(englishMessages, chineseMessages), zhMessages) as TranslationMessages,
  en: merge(englishMessages, enMessages) as TranslationMessages,
};

/** zh-CN first; the AppBar offers English. react-admin remembers the choice in its store. */
export const i18nProvider = polyglotI18nProvider(
  (locale) => messages[locale as 'zh' | 'en'] ?? messages.zh,
  'zh',
  [
    { locale: 'zh', name: '中文' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: true },
);

/** The console's language now, outside React (an exporter, a fetch). */
export const readerLocale = (): 'zh' | 'en' => (i18nProvider.getLocale() === 'en' ? 'en' : 'zh');
/** The header that asks the API for its refusals in the console's language. */
export const readersLanguage = () => ({ 'Accept-Language': readerLocale() === 'en' ? 'en' : 'zh-CN' });
