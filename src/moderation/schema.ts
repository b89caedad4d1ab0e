import { z } from 'zod';
import { optionalText, pageLimit } from '../http/fields.js';

export const Status = z.enum(['pending', 'approved', 'rejected', 'spam'], { error: 'Status must be pending, approved, rejected or spam.' });

const limit = pageLimit(50);

export const QueueQuery = z
  .object({
    status: z.unknown().optional().pipe(Status.optional()).transform((s) => s ?? 'pending'),
    site: optionalText('site', { max: 64 }),
    thread: optionalText('thread', { max: 512 }),
    q: optionalText('q', { max: 200 }),
    cursor: optionalText('cursor', { max: 2048 }),
    limit,
    sort: z
      .unknown()
      .optional()
      .pipe(z.enum(['newest', 'oldest'], { error: 'sort must be newest or oldest.' }).optional())
      .transform((s) => s ?? 'newest'),
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
