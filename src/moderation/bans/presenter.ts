// A ban as moderators see it: which kinds of digest it matches, never a digest.
import type { Ban, BanBy } from '../../contracts.js';
import type { BanRow } from './repository.js';

export const forModerator = (b: BanRow): Ban => ({
  id: b.id,
  siteId: b.siteId,
  by: [...(b.emailDigest ? ['email' as const] : []), ...(b.ipDigest ? ['ip' as const] : [])] satisfies BanBy[],
  commentId: b.commentId,
  createdAt: b.createdAt.toISOString(),
  createdBy: b.createdBy ? { id: b.createdBy.id, name: b.createdBy.name } : null,
});
