import { z } from 'zod';
import { isHttpUrl, oneOf, optionalText, pageLimit, requiredText } from '../http/fields.js';

export const Status = z.enum(['pending', 'approved', 'rejected', 'spam'], { error: 'Status must be pending, approved, rejected or spam.' });

const limit = pageLimit(50);

export const QueueQuery = z
  .object({
    status: Status.default('pending'),
    site: optionalText('site', { max: 64 }),
    thread: optionalText('thread', { max: 512 }),
    q: optionalText('q', { max: 200 }),
    cursor: optionalText('cursor', { max: 2048 }),
    limit,
    sort: oneOf('sort', ['newest', 'oldest']).default('newest'),
  })
  .superRefine((q, ctx) => {
    if (q.thread && !q.site) ctx.addIssue({ code: 'custom', path: ['thread'], message: 'Give site with thread: a thread key is unique within its site.' });
  });
export type QueueQuery = z.output<typeof QueueQuery>;

export const StatusChange = z.object({ status: Status, from: Status.optional() });

export const BulkChange = z.object({
  ids: z
    .array(z.uuid({ error: 'Every id must be a comment id.' }), { error: 'ids must be a list of comment ids.' })
    .min(1, { error: 'Give 1 to 200 ids.' })
    .max(200, { error: 'Give 1 to 200 ids.' })
    .transform((ids) => [...new Set(ids)]),
  status: Status,
  from: Status.optional(),
});

export const CommentId = z.uuid();

/** A moderator corrects an article's title or URL (readers set them only once: the first comment). */
export const ThreadCorrection = z
  .object({
    site: requiredText('Site', { max: 64 }),
    thread: requiredText('Thread', { max: 512 }),
    title: optionalText('Article title', { max: 300 }),
    url: optionalText('Article URL', { max: 2048, shape: { test: isHttpUrl, message: 'Article URL must be an http:// or https:// address.', format: 'uri' } }),
  })
  .superRefine((t, ctx) => {
    if (t.title === undefined && t.url === undefined) ctx.addIssue({ code: 'custom', path: ['title'], message: 'Give a title, a URL or both.' });
  });
export type ThreadCorrection = z.output<typeof ThreadCorrection>;
