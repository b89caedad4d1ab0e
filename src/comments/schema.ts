// What readers may send, validated at the edge (DESIGN.md §5), written as what
// the client sends so that z.toJSONSchema describes the wire. Every bad field
// is reported at once, keyed by the field's name.
import { z } from 'zod';
import { isEmail, isHttpUrl, isUuid, oneOf, optionalText, pageLimit, requiredText } from '../http/fields.js';

const SiteParam = requiredText('Site', { max: 64 });
const ThreadKey = requiredText('Thread', { max: 512 });
/** As submitted: rendered (render.ts) but stored as typed. */
const CommentBody = requiredText('Comment', { max: 10_000, multiline: true, raw: true });
const httpUrl = (label: string) => ({ test: isHttpUrl, message: `${label} must be an http:// or https:// address.`, format: 'uri' as const });

export const NewComment = z.object({
  site: SiteParam,
  thread: ThreadKey,
  threadTitle: optionalText('Article title', { max: 300 }),
  threadUrl: optionalText('Article URL', { max: 2048, shape: httpUrl('Article URL') }),
  parentId: optionalText('Reply', { max: 36, shape: { test: isUuid, message: 'You can only reply to a published comment of this article.', format: 'uuid' } }),
  name: requiredText('Name', { max: 100 }),
  email: requiredText('Email', { max: 254, shape: { test: isEmail, message: 'Email must be a valid address.', format: 'email' } }),
  website: optionalText('Website', { max: 200, shape: httpUrl('Website') }),
  body: CommentBody,
  /** The form's hidden field: people leave it empty; whatever a bot puts there makes its comment spam (never an error it could learn from). */
  honeypot: optionalText('honeypot', { max: 10_000, multiline: true }),
  /** From GET /api/form-token: when the form was shown. Missing, forged or expired → held, never refused. */
  formToken: optionalText('formToken', { max: 2048 }),
  /**
   * "Notify me of follow-up comments by email": a mail when a reply to this
   * comment is approved, and when this comment is approved after being held
   * (only with SMTP_URL set; every mail has a one-click unsubscribe link).
   */
  notify: z.boolean({ error: 'Notify must be true or false.' }).default(false),
});
export type NewComment = z.output<typeof NewComment>;

export const CommentsQuery = z
  .object({
    site: SiteParam,
    thread: ThreadKey,
    cursor: optionalText('cursor', { max: 2048 }),
    /** Catch-up after a reconnect: approved comments (any depth) newer than this id, oldest first. */
    since: optionalText('since', { max: 36, shape: { test: isUuid, message: 'since must be a comment id.', format: 'uuid' } }),
    limit: pageLimit(undefined),
    /** `best`: by likes, then oldest first; its pages are a keyset without a snapshot (a like between two pages may move a comment across them). */
    sort: oneOf('sort', ['oldest', 'newest', 'best']).default('oldest'),
  })
  .superRefine((q, ctx) => {
    if (q.since && q.cursor) ctx.addIssue({ code: 'custom', path: ['since'], message: 'Give since or cursor, not both.' });
  });
export type CommentsQuery = z.output<typeof CommentsQuery>;

/** GET /api/comments/:id/context: the widget's site (a comment of another is not found there), and the page size as for a thread page. */
export const ContextQuery = z.object({ site: SiteParam, limit: pageLimit(undefined) });
export type ContextQuery = z.output<typeof ContextQuery>;

/** PATCH /api/comments/:id: the author's new text, with the limits of a new comment's. */
export const CommentEdit = z.object({ body: NewComment.shape.body });
export type CommentEdit = z.output<typeof CommentEdit>;

/** A comment named in a path: anything but a comment id is answered as an unknown comment (404). */
export const CommentId = z.uuid();

/** POST /api/preview: the body as POST /api/comments would take it, and nothing else of the form. */
export const PreviewRequest = z.object({ site: SiteParam, body: CommentBody });
export type PreviewRequest = z.output<typeof PreviewRequest>;

export const FormTokenQuery = z.object({ site: SiteParam });

export const MAX_COUNT_KEYS = 100;
const countKeys = `Give 1 to ${MAX_COUNT_KEYS} thread keys.`;

export const CountsQuery = z.object({
  site: SiteParam,
  // One key is a string, several a repeated parameter (an array).
  thread: z
    .union([ThreadKey.transform((key) => [key]), z.array(ThreadKey).min(1, { error: countKeys }).max(MAX_COUNT_KEYS, { error: countKeys })], {
      // A bad key says what is wrong with it; anything else asks for keys.
      error: (issue) => (issue as { errors?: Array<Array<{ code: string; message: string }>> }).errors?.flat().find((i) => i.code === 'custom')?.message ?? countKeys,
    })
    .transform((keys) => [...new Set(keys)]),
});
