// The reader's language: data-lang on the mount element, else on the script
// tag, else the page's <html lang>, else English; a language other than
// English is loaded (its own small file) before the first render. data-strings
// (same places) overrides any string by its name.
import { script } from './config.js';
import { loadScript } from './load.js';
import { lang, refresh, useStrings, type Plural } from './strings.js';

/** Each language's two files (the first render's strings, the rest), content-hashed (defined by client-widget/build.mjs). */
declare const __LANGS__: Record<string, [string, string]>;

const isPlural = (v: unknown): v is Plural =>
  typeof v === 'string' || (!!v && typeof v === 'object' && Object.values(v).every((s) => typeof s === 'string') && 'other' in v);

export async function chooseLanguage(host: HTMLElement): Promise<void> {
  const pick = (k: 'lang' | 'strings') => host.dataset[k] ?? script?.dataset[k];
  const code = (pick('lang') || document.documentElement.lang || 'en').toLowerCase().split('-')[0]!;
  let overrides: Record<string, Plural> = {};
  try {
    const parsed = JSON.parse(pick('strings') ?? '{}') as unknown;
    // A site's typo must not break its comments: anything but strings (or plural forms) is left out.
    if (parsed && typeof parsed === 'object') overrides = Object.fromEntries(Object.entries(parsed).filter(([, v]) => isPlural(v)));
  } catch {
    /* not JSON: no overrides */
  }
  const files = Object.hasOwn(__LANGS__, code) ? __LANGS__[code] : undefined;
  if (files) await loadScript(files[0]).catch(() => {}); // unreachable: English it is
  useStrings(code, overrides);
}

/** The rest of the chosen language's strings, loaded with the feature chunk (English's are in it). */
export const laterStrings = (): Promise<void> => (lang === 'en' ? Promise.resolve() : loadScript(__LANGS__[lang]![1])).then(refresh);
