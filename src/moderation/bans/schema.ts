// What a moderator sends to ban a comment's author, and to list bans (DESIGN.md §6).
import { z } from 'zod';
import { isUuid, oneOf, optionalText, requiredText } from '../../http/fields.js';

/** What a ban matches: the author's email (its digest), their address (its digest), or both. */
export const BanBy = oneOf('by', ['email', 'ip']);

export const NewBan = z.object({
  commentId: requiredText('Comment id', { max: 36, shape: { test: isUuid, message: 'Comment id must be the id of a comment.', format: 'uuid' } }),
  by: z
    .array(BanBy, { error: 'by must be a list: ["email"], ["ip"] or both.' })
    .min(1, { error: 'Choose what to ban by: "email", "ip" or both.' })
    .transform((by) => [...new Set(by)]),
});
export type NewBan = z.output<typeof NewBan>;

export const BansQuery = z.object({ site: optionalText('site', { max: 64 }) });
export type BansQuery = z.output<typeof BansQuery>;

export const BanId = z.uuid();
