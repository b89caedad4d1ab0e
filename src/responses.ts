// Every response body and live event as zod schemas: the presenters' outputs,
// written down so that z.toJSONSchema renders them (the OpenAPI document is
// generated from these and the request schemas). Strict objects: a key the
// contract does not name (an email, a digest) fails a parse. The types in
// contracts.ts are what clients import; test/wire.test.ts checks that they
// equal these schemas' outputs and that what the server sends parses.
import { z } from 'zod';

const Id = z.uuid();
const Timestamp = z.iso.datetime();
const Status = z.enum(['pending', 'approved', 'rejected', 'spam']);
const Ref = z.strictObject({ id: z.string(), name: z.string() });

export const ErrorCode = z.enum([
  'validation_failed',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'site_not_found',
  'origin_not_allowed',
  'thread_closed',
  'edit_window_closed',
  'edit_locked',
  'duplicate_comment',
  'conflict',
  'status_changed',
  'rate_limited',
  'invalid_credentials',
  'unauthenticated',
  'forbidden',
  'unavailable',
  'internal_error',
]);

export const ErrorBody = z.strictObject({
  error: z.looseObject({
    code: ErrorCode,
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    currentStatus: Status.optional(),
  }),
});

export const HeldReason = z.enum(['banned', 'disallowed_words', 'honeypot', 'form_token', 'too_fast', 'links', 'words', 'premoderation', 'first_comment']);

export const PublicComment = z.strictObject({
  id: Id,
  parentId: Id.nullable(),
  authorName: z.string(),
  authorWebsite: z.string().nullable(),
  avatar: z.string().max(32),
  bodyHtml: z.string(),
  createdAt: Timestamp,
  likes: z.int().nonnegative(),
  edited: z.boolean(),
  badge: z.enum(['moderator']).nullable(),
});

export const AuthoredComment = PublicComment.extend({ avatar: z.null(), status: z.enum(['pending', 'approved']) });

export const PublicThread = z.strictObject({
  key: z.string(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  closed: z.boolean(),
  commentCount: z.int().nonnegative(),
  depthLimit: z.int().positive(),
});

export const CommentsPage = z.strictObject({
  thread: PublicThread,
  comments: z.array(z.union([AuthoredComment, PublicComment])),
  nextCursor: z.string().nullable(),
});

export const PostedComment = z.strictObject({ comment: AuthoredComment, message: z.string(), authorToken: z.string() });

export const FormToken = z.strictObject({ formToken: z.string() });

export const Counts = z.strictObject({ counts: z.record(z.string(), z.int().nonnegative()) });

export const ModerationComment = PublicComment.extend({
  status: Status,
  body: z.string(),
  authorEmail: z.string().nullable(),
  heldReasons: z.array(HeldReason),
  thread: z.strictObject({ key: z.string(), title: z.string().nullable(), url: z.string().nullable() }),
  site: Ref,
  moderatedAt: Timestamp.nullable(),
  moderatedBy: Ref.nullable(),
  inReplyTo: z.strictObject({ id: Id, authorName: z.string(), excerpt: z.string() }).nullable(),
  authorHistory: z.strictObject({ approved: z.int().nonnegative(), spam: z.int().nonnegative(), rejected: z.int().nonnegative(), pending: z.int().nonnegative() }).nullable(),
});

export const ModerationQueue = z.strictObject({
  comments: z.array(ModerationComment),
  nextCursor: z.string().nullable(),
  counts: z.strictObject({ pending: z.int(), approved: z.int(), rejected: z.int(), spam: z.int() }),
});

export const BulkResult = z.strictObject({
  results: z.array(z.union([z.strictObject({ id: z.string(), status: Status }), z.strictObject({ id: z.string(), error: z.strictObject({ code: ErrorCode }) })])),
});

export const Ban = z.strictObject({
  id: Id,
  siteId: z.string(),
  by: z.array(z.enum(['email', 'ip'])).min(1),
  commentId: Id.nullable(),
  createdAt: Timestamp,
  createdBy: Ref.nullable(),
});
export const BanCreated = z.strictObject({ ban: Ban });
export const BanList = z.strictObject({ bans: z.array(Ban) });

export const ModeratorProfile = z.strictObject({ id: Id, email: z.string(), name: z.string(), role: z.enum(['admin', 'moderator']) });
export const SignedIn = z.strictObject({ moderator: ModeratorProfile });
export const ModerationSites = z.strictObject({ sites: z.array(Ref) });
export const CorrectedThread = z.strictObject({ thread: PublicThread.omit({ commentCount: true, depthLimit: true }) });

/** POST/DELETE /api/comments/:id/like */
export const LikeResult = z.strictObject({ likes: z.int().nonnegative(), liked: z.boolean(), authorToken: z.string().optional() });
/** POST /api/preview */
export const Preview = z.strictObject({ bodyHtml: z.string() });
/** PATCH /api/comments/:id (the author's own edit) */
export const EditedComment = z.strictObject({ comment: AuthoredComment });

/** GET /api/moderation/audit */
export const AuditEntryView = z.strictObject({
  id: Id,
  commentId: Id.nullable(),
  action: z.string(),
  from: Status.nullable(),
  to: Status.nullable(),
  moderator: Ref.nullable(),
  at: Timestamp,
});
export const AuditEntries = z.strictObject({ entries: z.array(AuditEntryView) });

/** The admins' Moderators page (DESIGN.md §12). */
export const ManagedModerator = z.strictObject({ id: Id, email: z.string(), name: z.string(), role: z.enum(['admin', 'moderator']), sites: z.array(z.string()) });
export const ModeratorList = z.strictObject({ moderators: z.array(ManagedModerator) });
export const ManagedModeratorAnswer = z.strictObject({ moderator: ManagedModerator });
export const ModeratorCreated = z.strictObject({ moderator: ManagedModerator, password: z.string() });

export const PersonalDataExport = z.strictObject({
  email: z.string(),
  exportedAt: Timestamp,
  comments: z.array(
    z.strictObject({
      id: Id,
      site: Ref,
      thread: z.strictObject({ key: z.string(), title: z.string().nullable(), url: z.string().nullable() }),
      parentId: Id.nullable(),
      status: Status,
      authorName: z.string(),
      authorWebsite: z.string().nullable(),
      body: z.string(),
      bodyHtml: z.string(),
      createdAt: Timestamp,
      moderatedAt: Timestamp.nullable(),
    }),
  ),
});
export const ErasureResult = z.union([z.strictObject({ erased: z.int() }), z.strictObject({ deleted: z.int() })]);

/** GET and PATCH /api/admin/sites/:id (admins): every setting of a site. */
export const SiteSettings = z.strictObject({
  site: z.strictObject({
    id: z.string(),
    name: z.string(),
    allowedOrigins: z.array(z.string()),
    mode: z.enum(['pre', 'post', 'trusted']),
    maxLinks: z.int(),
    moderationWords: z.array(z.string()),
    disallowedWords: z.array(z.string()),
    depthLimit: z.int(),
    floodSeconds: z.int(),
    closeAfterDays: z.int().nullable(),
    webhookUrl: z.string().nullable(),
  }),
  /** The key of the webhook's signature (X-Parley-Signature), derived from PARLEY_SECRET and the site: null without a webhook. */
  webhookSecret: z.string().nullable(),
});

/** GET /api/admin/sites: each site's settings, as GET /api/admin/sites/:id has them. */
export const SiteList = z.strictObject({ sites: z.array(SiteSettings.shape.site) });

/** GET /healthz: the process answers. */
export const Health = z.strictObject({ status: z.literal('ok') });
/** GET /readyz: and it reaches its database. */
export const Ready = z.strictObject({ status: z.literal('ready') });

/** Live events (Socket.IO), by name. */
export const LiveEvents = {
  'comment:approved': PublicComment.extend({ thread: z.string() }),
  'comment:updated': PublicComment.extend({ thread: z.string() }),
  'comment:removed': z.strictObject({ id: Id, thread: z.string() }),
  'comment:created': ModerationComment,
  'comment:edited': ModerationComment.extend({ previousStatus: Status.optional() }),
  'comment:moderated': z.strictObject({ id: Id, status: Status, previousStatus: Status, moderatedBy: Ref, moderatedAt: Timestamp }),
  'comment:deleted': z.strictObject({ id: Id, deletedBy: Ref.nullable(), byAuthor: z.boolean() }),
} as const;

export const JoinAck = z.union([z.strictObject({ ok: z.literal(true) }), z.strictObject({ error: z.strictObject({ code: ErrorCode, message: z.string() }) })]);
