import { z } from 'zod';
import { isUuid, optionalText } from '../../http/fields.js';

/** GET /api/moderation/audit: one comment's trail, or one site's. */
export const AuditQuery = z
  .object({
    comment: optionalText('comment', { max: 36, shape: { test: isUuid, message: 'comment must be a comment id.', format: 'uuid' } }),
    site: optionalText('site', { max: 64 }),
  })
  .superRefine((q, ctx) => {
    if ((q.comment === undefined) === (q.site === undefined))
      ctx.addIssue({ code: 'custom', path: [q.comment === undefined ? 'comment' : 'site'], message: 'Give exactly one of comment and site.' });
  });
export type AuditQuery = z.output<typeof AuditQuery>;
