// Field validators for text from the outside world. Each reports one human
// message, in the words of the form ("Name is required."), and refuses what
// PostgreSQL or a browser would choke on: NUL bytes, lone surrogates and
// control characters (newline and tab are allowed where text is multi-line).
import { z } from 'zod';

const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F]/;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Characters as people (and PostgreSQL's varchar) count them: code points. */
export const length = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

interface TextOptions {
  readonly max: number;
  readonly multiline?: boolean;
  /** Keep the text exactly as sent (still checked trimmed). */
  readonly raw?: boolean;
  /** What the text must be beyond its length, checked last, with the message to give and the JSON Schema format it is. */
  readonly shape?: { readonly test: (value: string) => boolean; readonly message: string; readonly format?: 'email' | 'uri' | 'uuid' };
}

/** Missing, a repeated query parameter, or not a string at all: said in the form's words. */
const notText = (label: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null
    ? `${label} is required.`
    : Array.isArray(issue.input)
      ? `${label} was given more than once.`
      : `${label} must be text.`;

/**
 * A string as the client sends it (so z.toJSONSchema describes it: type,
 * lengths, format), checked in the order of its messages, each stopping the
 * next: characters, presence, length in characters (trimmed), shape.
 */
function text(label: string, opts: TextOptions, required: boolean) {
  const control = opts.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE;
  let s = z
    .string({ error: notText(label) })
    .refine((v) => v.isWellFormed() && !control.test(v), { error: `${label} contains characters that are not allowed.`, abort: true });
  if (required) s = s.refine((v) => v.trim() !== '', { error: `${label} is required.`, abort: true });
  s = s.refine((v) => length(v.trim()) <= opts.max, { error: `${label} must be at most ${opts.max.toLocaleString('en')} characters.`, abort: true });
  const { shape } = opts;
  if (shape) s = s.refine((v) => v.trim() === '' || shape.test(v.trim()), { error: shape.message, abort: true });
  return s.meta({ ...(required ? { minLength: 1 } : {}), maxLength: opts.max, ...(shape?.format ? { format: shape.format } : {}) });
}

/** Required text: missing, empty or only spaces → "<label> is required." */
export const requiredText = (label: string, opts: TextOptions) => text(label, opts, true).transform((v) => (opts.raw ? v : v.trim()));

/** Optional text: missing, null or blank → undefined. */
export const optionalText = (label: string, opts: TextOptions) =>
  text(label, opts, false)
    .transform((v) => (v.trim() === '' ? undefined : opts.raw ? v : v.trim()))
    .nullish()
    .transform((v) => v ?? undefined);

export const isEmail = (value: string) => z.email().safeParse(value).success;
export const isUuid = (value: string) => z.uuid().safeParse(value).success;

/** An absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `limit` of a paged list: an integer 1–100 given once; `fallback` when absent. */
export const pageLimit = <F extends number | undefined>(fallback: F) =>
  z
    .string({ error: (issue) => (Array.isArray(issue.input) ? 'limit was given more than once.' : 'limit must be an integer from 1 to 100.') })
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 100, { error: 'limit must be an integer from 1 to 100.' })
    .meta({ pattern: '^[0-9]{1,3}$', description: 'An integer from 1 to 100.' })
    .optional()
    .transform((v): number | F => (v === undefined ? fallback : Number(v)));

/** A query parameter that takes one of a few words, given at most once. */
export const oneOf = <const W extends readonly [string, ...string[]]>(name: string, words: W) =>
  z.enum(words, {
    error: (issue) => (Array.isArray(issue.input) ? `${name} was given more than once.` : `${name} must be ${words.slice(0, -1).join(', ')} or ${words.at(-1)}.`),
  });
