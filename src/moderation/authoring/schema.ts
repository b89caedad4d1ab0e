import { z } from 'zod';
import { requiredText } from '../../http/fields.js';

/** A moderator's words, as long as a reader's may be (comments/schema.ts) and rendered the same way. */
const Body = requiredText('Comment', { max: 10_000, multiline: true, raw: true });

/** POST /api/moderation/comments/:id/replies */
export const ModeratorReply = z.strictObject({ body: Body });
/** PATCH /api/moderation/comments/:id */
export const BodyEdit = z.strictObject({ body: Body });
