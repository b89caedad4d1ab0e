// The moderators' API (routes.ts, bans/routes.ts) as the API document
// describes it (api/route-doc.ts). Everything here needs a session and sees
// only the moderator's sites: a comment, site or ban outside them is a 404.
import type { RouteDoc } from '../api/route-doc.js';
import { empty, fails, json } from '../api/route-doc.js';
import { AuditEntries, BanCreated, BanList, BulkResult, CorrectedThread, ModerationComment, ModerationQueue, ModerationSites } from '../responses.js';
import { BodyEdit, ModeratorReply } from './authoring/schema.js';
import { AuditQuery } from './audit/schema.js';
import { BanId, BansQuery, NewBan } from './bans/schema.js';
import { BulkChange, CommentId, QueueQuery, StatusChange, ThreadCorrection } from './schema.js';

const moderator = { tag: 'Moderators', access: 'moderator', sameOrigin: true } as const;
const bans = { ...moderator, tag: 'Bans' } as const;

export const moderationApi: RouteDoc[] = [
  {
    ...moderator,
    method: 'get',
    path: '/api/moderation/sites',
    operationId: 'moderationSites',
    summary: 'The sites this moderator works (admins: all)',
    responses: { 200: json('Their sites, for the filters.', ModerationSites) },
  },
  {
    ...moderator,
    method: 'get',
    path: '/api/moderation/comments',
    operationId: 'moderationQueue',
    summary: 'The queue: comments of one status, filtered',
    description: '`counts` follow the site, thread and q filters, not the status. `q` searches body and author name, or matches an exact email.',
    query: QueueQuery,
    responses: { 200: json('A page of the queue.', ModerationQueue), 404: fails('not_found') },
  },
  {
    ...moderator,
    method: 'post',
    path: '/api/moderation/comments/bulk',
    operationId: 'bulkSetStatus',
    summary: 'Change the status of up to 200 comments, in one transaction',
    description: 'Each id answers its new status, or its error (`not_found` outside the moderator’s sites, `status_changed` for a stale `from`).',
    body: BulkChange,
    responses: { 200: json('A result per id.', BulkResult) },
  },
  {
    ...moderator,
    method: 'post',
    path: '/api/moderation/comments/:id/status',
    operationId: 'setStatus',
    summary: "Change a comment's status",
    description: 'With `from`, 409 `status_changed` (with `currentStatus`) when another moderator changed it first.',
    params: { id: CommentId },
    body: StatusChange,
    responses: { 200: json('The comment as it is now.', ModerationComment), 404: fails('not_found'), 409: fails('status_changed') },
  },
  {
    ...moderator,
    method: 'delete',
    path: '/api/moderation/comments/:id',
    operationId: 'deleteComment',
    summary: 'Delete a comment (its replies move up one level)',
    params: { id: CommentId },
    responses: { 204: empty('Deleted; the audit entry stays, without the content.'), 404: fails('not_found') },
  },
  {
    ...moderator,
    method: 'post',
    path: '/api/moderation/comments/:id/replies',
    operationId: 'replyAsModerator',
    summary: 'Reply to a comment, as a moderator',
    description:
      'Published at once under the moderator’s name with `badge: "moderator"`. A pending comment is approved with it (“Approve and Reply”); a rejected or spam one, or one at the site’s depth limit, is refused (400, `parentId`).',
    params: { id: CommentId },
    body: ModeratorReply,
    responses: { 201: json('The reply, as moderators see it.', ModerationComment), 404: fails('not_found') },
  },
  {
    ...moderator,
    method: 'patch',
    path: '/api/moderation/comments/:id',
    operationId: 'editComment',
    summary: "Edit a comment's body",
    description: 'Rendered as a reader’s would be, marked edited and audited; readers of a published comment get `comment:updated`, moderators `comment:edited`.',
    params: { id: CommentId },
    body: BodyEdit,
    responses: { 200: json('The comment as it is now.', ModerationComment), 404: fails('not_found') },
  },
  {
    ...moderator,
    method: 'get',
    path: '/api/moderation/audit',
    operationId: 'auditTrail',
    summary: "A comment's or a site's audit trail",
    description: 'Exactly one of `comment` and `site`; the newest 100 entries first. A deleted comment’s entries stay readable.',
    query: AuditQuery,
    responses: { 200: json('Newest first.', AuditEntries), 404: fails('not_found') },
  },
  {
    ...moderator,
    method: 'patch',
    path: '/api/moderation/threads',
    operationId: 'correctThread',
    summary: "Correct an article's title or URL",
    body: ThreadCorrection,
    responses: { 200: json('The thread as it is now.', CorrectedThread), 404: fails('not_found') },
  },
  {
    ...bans,
    method: 'get',
    path: '/api/moderation/bans',
    operationId: 'listBans',
    summary: "Bans on the moderator's sites",
    query: BansQuery,
    responses: { 200: json('Newest first.', BanList), 404: fails('not_found') },
  },
  {
    ...bans,
    method: 'post',
    path: '/api/moderation/bans',
    operationId: 'banAuthor',
    summary: "Ban a comment's author on its site",
    body: NewBan,
    responses: {
      200: json('This author was already banned so: the same ban.', BanCreated),
      201: json('Banned: their later comments there go to spam.', BanCreated),
      404: fails('not_found'),
    },
  },
  {
    ...bans,
    method: 'delete',
    path: '/api/moderation/bans/:id',
    operationId: 'liftBan',
    summary: 'Lift a ban',
    params: { id: BanId },
    responses: { 204: empty('Lifted.'), 404: fails('not_found') },
  },
];
