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
}

type Ctx = z.RefinementCtx;
const fail = (ctx: Ctx, message: string) => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

function check(label: string, value: unknown, opts: TextOptions, ctx: Ctx): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return fail(ctx, `${label} was given more than once.`);
  if (typeof value !== 'string') return fail(ctx, `${label} must be text.`);
  if (!value.isWellFormed() || (opts.multiline ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value))
    return fail(ctx, `${label} contains characters that are not allowed.`);
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (length(trimmed) > opts.max) return fail(ctx, `${label} must be at most ${opts.max.toLocaleString('en')} characters.`);
  return opts.raw ? value : trimmed;
}

/** Required text: missing, empty or only spaces → "<label> is required." */
export const requiredText = (label: string, opts: TextOptions) =>
  z.unknown().optional().transform((value, ctx): string => check(label, value, opts, ctx) ?? fail(ctx, `${label} is required.`));

/** Optional text: missing or blank → undefined. */
export const optionalText = (label: string, opts: TextOptions) =>
  z.unknown().optional().transform((value, ctx): string | undefined => check(label, value, opts, ctx));

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
    .unknown()
    .optional()
    .transform((v, ctx): number | F => {
      if (v === undefined) return fallback;
      if (typeof v === 'string' && /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 100) return Number(v);
      ctx.addIssue({ code: 'custom', message: Array.isArray(v) ? 'limit was given more than once.' : 'limit must be an integer from 1 to 100.' });
      return z.NEVER;
    });
