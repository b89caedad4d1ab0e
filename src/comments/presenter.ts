// The only way a comment reaches a reader, over HTTP and sockets alike:
// one function per audience, and nothing outside these keys.
import type { AuthoredComment, PublicComment } from '../contracts.js';
import type { PublicCommentRow } from './repository.js';

export const forReader = (c: PublicCommentRow): PublicComment => ({
  id: c.id,
  parentId: c.parentId,
  authorName: c.authorName,
  authorWebsite: c.authorWebsite,
  avatar: c.avatarSeed,
  bodyHtml: c.bodyHtml,
  createdAt: c.createdAt.toISOString(),
  likes: c.likeCount,
  edited: c.editedAt !== null,
  badge: c.badge === 'moderator' ? 'moderator' : null,
});

/**
 * The author's own view. Anything not published reads "pending" to them (a
 * caught spammer learns nothing). No avatar: it derives from the email, so
 * it would tell whoever typed an email whether that email has published comments.
 */
export const forAuthor = (c: PublicCommentRow): AuthoredComment => ({
  ...forReader(c),
  avatar: null,
  status: c.status === 'approved' ? 'approved' : 'pending',
});

/** The public part of a comment already presented to moderators (a live event built without a read). */
export const publicPartOf = (c: PublicComment): PublicComment => ({
  id: c.id,
  parentId: c.parentId,
  authorName: c.authorName,
  authorWebsite: c.authorWebsite,
  avatar: c.avatar,
  bodyHtml: c.bodyHtml,
  createdAt: c.createdAt,
  likes: c.likes,
  edited: c.edited,
  badge: c.badge,
});
