// What readers may send, validated at the edge (DESIGN.md §5). Every bad
// field is reported at once, keyed by the field's name.
import { z } from 'zod';
import { isHttpUrl, optionalText, pageLimit, requiredText } from '../http/fields.js';

const SiteParam = requiredText('Site', { max: 64 });
const ThreadKey = requiredText('Thread', { max: 512 });

export const NewComment = z.object({
  site: SiteParam,
  thread: ThreadKey,
  threadTitle: optionalText('Article title', { max: 300 }),
  threadUrl: optionalText('Article URL', { max: 2048 }).refine((v) => v === undefined || isHttpUrl(v), {
    error: 'Article URL must be an http:// or https:// address.',
  }),
  parentId: optionalText('Reply', { max: 36 }).refine((v) => v === undefined || z.uuid().safeParse(v).success, {
    error: 'You can only reply to a published comment of this article.',
  }),
  name: requiredText('Name', { max: 100 }),
  email: requiredText('Email', { max: 254 }).refine((v) => z.email().safeParse(v).success, { error: 'Email must be a valid address.' }),
  website: optionalText('Website', { max: 200 }).refine((v) => v === undefined || isHttpUrl(v), {
    error: 'Website must be an http:// or https:// address.',
  }),
  body: requiredText('Comment', { max: 10_000, multiline: true, raw: true }),
});
export type NewComment = z.output<typeof NewComment>;

const limit = pageLimit(undefined);

const sort = z.unknown().optional().transform((v, ctx): 'oldest' | 'newest' => {
  if (v === undefined || v === 'oldest' || v === 'newest') return v ?? 'oldest';
  ctx.addIssue({ code: 'custom', message: Array.isArray(v) ? 'sort was given more than once.' : 'sort must be oldest or newest.' });
  return z.NEVER;
});

export const CommentsQuery = z
  .object({
    site: SiteParam,
    thread: ThreadKey,
    cursor: optionalText('cursor', { max: 2048 }),
    /** Catch-up after a reconnect: approved comments (any depth) newer than this id, oldest first. */
    since: optionalText('since', { max: 36 }).refine((v) => v === undefined || z.uuid().safeParse(v).success, { error: 'since must be a comment id.' }),
    limit,
    sort,
  })
  .superRefine((q, ctx) => {
    if (q.since && q.cursor) ctx.addIssue({ code: 'custom', path: ['since'], message: 'Give since or cursor, not both.' });
  });
export type CommentsQuery = z.output<typeof CommentsQuery>;

export const MAX_COUNT_KEYS = 100;

export const CountsQuery = z.object({
  site: SiteParam,
  thread: z
    .unknown()
    .optional()
    .transform((v, ctx): string[] => {
      const keys = v === undefined ? [] : Array.isArray(v) ? v : [v];
      if (keys.length === 0 || keys.length > MAX_COUNT_KEYS) {
        ctx.addIssue({ code: 'custom', message: `Give 1 to ${MAX_COUNT_KEYS} thread keys.` });
        return z.NEVER;
      }
      const parsed = z.array(ThreadKey).safeParse(keys);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]!.message });
        return z.NEVER;
      }
      return [...new Set(parsed.data)];
    }),
});
