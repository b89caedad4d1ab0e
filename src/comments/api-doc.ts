// The readers' API (routes.ts) as the API document describes it (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { empty, fails, json } from '../api/route-doc.js';
import { CommentsPage, Counts, EditedComment, FormToken, LikeResult, PostedComment, Preview } from '../responses.js';
import { CommentEdit, CommentId, CommentsQuery, ContextQuery, CountsQuery, FormTokenQuery, NewComment, PreviewRequest } from './schema.js';

const reader = { tag: 'Readers', authorToken: true } as const;
const unchanged = empty('Not Modified: the If-None-Match version is still current (no body).');
const IF_NONE_MATCH = { 'If-None-Match': 'The ETag of an earlier answer: 304 when nothing readers see has changed.' };
const PAGE_VERSION = { ETag: 'The version of this page (absent when X-Parley-Author is sent: the answer is then that author’s own).' };

export const commentsApi: RouteDoc[] = [
  {
    ...reader,
    method: 'get',
    path: '/api/comments',
    operationId: 'listComments',
    summary: "A page of a thread's approved comments",
    description:
      'Up to `limit` top-level comments with all their approved replies, and, with the author token, that author’s own pending comments. Unknown thread: an empty page. ' +
      '`sort=best` orders top-level comments by likes, then oldest first; its pages continue after the last one’s likes and id, without a snapshot: a like between two page fetches may move a comment across the boundary.',
    query: CommentsQuery,
    headers: IF_NONE_MATCH,
    responses: {
      200: json('The thread and a page of its comments.', CommentsPage, PAGE_VERSION),
      304: unchanged,
      403: fails('origin_not_allowed'),
      404: fails('site_not_found'),
      429: fails('rate_limited'),
    },
  },
  {
    ...reader,
    method: 'post',
    path: '/api/comments',
    operationId: 'postComment',
    summary: 'Post a comment',
    description: 'Checks run in this order: fields (400/413/415), site and thread (404/403), duplicate (409), rate limits (429), auto-moderation.',
    body: NewComment,
    responses: {
      201: json('Stored: pending (awaiting moderation) or approved.', PostedComment),
      403: fails('origin_not_allowed', 'thread_closed'),
      404: fails('site_not_found'),
      409: fails('duplicate_comment'),
      429: fails('rate_limited'),
    },
  },
  {
    ...reader,
    method: 'get',
    path: '/api/comments/:id/context',
    operationId: 'commentContext',
    summary: "A permalink's page: the thread page that holds a comment",
    description:
      'For a page opened at `#comment-ID`: the shape of a thread page (oldest first), starting at that comment’s top-level ancestor, each top-level comment with its approved replies; `nextCursor` continues with GET /api/comments (sort `oldest`). ' +
      'Published comments only; a comment of another site than `site` is not found.',
    params: { id: CommentId },
    query: ContextQuery,
    responses: {
      200: json('The thread and the page that holds the comment.', CommentsPage),
      403: fails('origin_not_allowed'),
      404: fails('not_found'),
      429: fails('rate_limited'),
    },
  },
  {
    ...reader,
    method: 'patch',
    path: '/api/comments/:id',
    operationId: 'editOwnComment',
    summary: 'Change your own comment (within 10 minutes of posting)',
    description:
      'Only with the X-Parley-Author token the comment was posted with (anyone else: 404, as for an unknown id). The body has the limits of a new comment’s. ' +
      'The content rules run again (disallowed words, links, moderation words): a published comment they now catch goes back to moderation (or to spam) and leaves the readers’ view, and answers `pending`; a waiting one stays waiting.',
    params: { id: CommentId },
    body: CommentEdit,
    responses: {
      200: json('The comment as its author now sees it (`edited: true`).', EditedComment),
      403: fails('origin_not_allowed', 'edit_window_closed', 'edit_locked'),
      404: fails('not_found'),
      409: fails('duplicate_comment'),
      429: fails('rate_limited'),
    },
  },
  {
    ...reader,
    method: 'delete',
    path: '/api/comments/:id',
    operationId: 'deleteOwnComment',
    summary: 'Delete your own comment (within 10 minutes of posting)',
    description: 'Only with the X-Parley-Author token the comment was posted with (anyone else: 404). Removed as a moderator removes one: its replies move up one level.',
    params: { id: CommentId },
    responses: {
      204: empty('Deleted.'),
      403: fails('origin_not_allowed', 'edit_window_closed'),
      404: fails('not_found'),
      429: fails('rate_limited'),
    },
  },
  ...(['post', 'delete'] as const).map(
    (method): RouteDoc => ({
      ...reader,
      method,
      path: '/api/comments/:id/like',
      operationId: method === 'post' ? 'likeComment' : 'unlikeComment',
      summary: method === 'post' ? 'Like a published comment' : 'Take back a like',
      description:
        'One like per author key per comment; the same request again changes nothing and answers the same. Without a valid author token of the comment’s site a new key is minted and returned as `authorToken` (keep it as a POST’s).',
      params: { id: CommentId },
      responses: {
        200: json(method === 'post' ? 'Liked: the comment’s likes now.' : 'Not liked: the comment’s likes now.', LikeResult),
        403: fails('origin_not_allowed'),
        404: fails('not_found'),
        429: fails('rate_limited'),
      },
    }),
  ),
  {
    ...reader,
    method: 'get',
    path: '/api/form-token',
    operationId: 'formToken',
    summary: 'A form token, sent back with the comment',
    query: FormTokenQuery,
    responses: {
      200: json('Valid for 2 hours, reusable.', FormToken),
      403: fails('origin_not_allowed'),
      404: fails('site_not_found'),
      429: fails('rate_limited'),
    },
  },
  {
    ...reader,
    method: 'get',
    path: '/api/counts',
    operationId: 'countComments',
    summary: 'Approved comments per thread, for article lists',
    query: CountsQuery,
    headers: IF_NONE_MATCH,
    responses: {
      200: json('Every asked key, unknown ones 0.', Counts, { ETag: 'The version of these counts.' }),
      304: unchanged,
      403: fails('origin_not_allowed'),
      404: fails('site_not_found'),
      429: fails('rate_limited'),
    },
  },
  {
    tag: 'Readers',
    method: 'post',
    path: '/api/preview',
    operationId: 'previewComment',
    summary: 'A body as it would be published',
    description: 'The same rendering (Markdown subset, sanitized) and limits as POST /api/comments; nothing is stored. Counted against the address like a comment.',
    body: PreviewRequest,
    responses: {
      200: json('The rendered body.', Preview),
      403: fails('origin_not_allowed'),
      404: fails('site_not_found'),
      429: fails('rate_limited'),
    },
  },
];
