// The public contract, declared once and imported by the server, the widget
// and the dashboard: error codes, payloads, and the Socket.IO event maps
// (DESIGN.md §5–§7).

/** Every machine-readable error code an API answer can carry. */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'site_not_found'
  | 'origin_not_allowed'
  | 'thread_closed'
  | 'edit_window_closed'
  | 'edit_locked'
  | 'duplicate_comment'
  | 'conflict'
  | 'status_changed'
  | 'rate_limited'
  | 'invalid_credentials'
  | 'unauthenticated'
  | 'forbidden'
  | 'unavailable'
  | 'internal_error';

/** The body of every error answer. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** validation_failed: one human message per bad field, all at once. */
    fields?: Record<string, string>;
    /** status_changed: the status another moderator set first. */
    currentStatus?: CommentStatus;
    [extra: string]: unknown;
  };
}

export type ModerationMode = 'pre' | 'post' | 'trusted';
export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam';

/**
 * A comment as readers see it: the only shape in which a comment leaves the
 * public API or a readers' socket. Never an email, IP, digest, user agent,
 * status reason or moderator.
 */
export interface PublicComment {
  id: string;
  parentId: string | null;
  authorName: string;
  authorWebsite: string | null;
  /** A short seed from which the widget draws an identicon; no third-party request. */
  avatar: string;
  /** Sanitized at write time; the only author-supplied string rendered as HTML. */
  bodyHtml: string;
  createdAt: string;
  /** How many readers like it (one like per author key). */
  likes: number;
  /** Its body was changed after posting, by its author or a moderator. */
  edited: boolean;
  /** "moderator": written by a moderator from the dashboard (DESIGN.md §12). */
  badge: CommentBadge | null;
}

export type CommentBadge = 'moderator';

/** The author's own view of their comment (POST answer, their pending comments): no avatar until it is published. */
export interface AuthoredComment extends Omit<PublicComment, 'avatar'> {
  avatar: null;
  status: 'pending' | 'approved';
}

export interface PublicThread {
  key: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  /** Approved comments, replies included. */
  commentCount: number;
  /** The deepest a comment may stand (1: no replies): Reply is offered only above it. */
  depthLimit: number;
}

/** How a thread's top-level comments are ordered: `best` by likes, then age. */
export type CommentSort = 'oldest' | 'newest' | 'best';

/** POST/DELETE /api/comments/:id/like → 200 */
export interface LikeResult {
  likes: number;
  liked: boolean;
  /** Present when the request carried no valid author token: keep it as a POST's. */
  authorToken?: string;
}

/** POST /api/preview → 200: the body as it would be published. */
export interface Preview {
  bodyHtml: string;
}

/** PATCH /api/comments/:id (the author's own edit) → 200 */
export interface EditedComment {
  comment: AuthoredComment;
}

/** GET /api/comments */
export interface CommentsPage {
  thread: PublicThread;
  /** A page of top-level comments, each followed by its approved replies (oldest first); then the reader's own pending ones. */
  comments: Array<PublicComment | AuthoredComment>;
  nextCursor: string | null;
}

/** POST /api/comments → 201 */
export interface PostedComment {
  comment: AuthoredComment;
  message: string;
  /** Keep it (the widget uses localStorage) and send it back as X-Parley-Author. */
  authorToken: string;
}

/** GET /api/form-token?site= → 200: send it back as `formToken` with the comment (valid 2 hours, reusable). */
export interface FormToken {
  formToken: string;
}

/** GET /api/counts */
export interface Counts {
  counts: Record<string, number>;
}

/** Why auto-moderation held a comment (DESIGN.md §6). */
export type HeldReason =
  | 'banned'
  | 'disallowed_words'
  | 'honeypot'
  | 'form_token'
  | 'too_fast'
  | 'links'
  | 'words'
  | 'premoderation'
  | 'first_comment';

/** A comment as moderators see it: never sent to a reader. */
export interface ModerationComment extends PublicComment {
  status: CommentStatus;
  /** As its author typed it (Markdown): what a moderator's edit starts from. */
  body: string;
  /** Decrypted for moderators only; null once the author's data was erased. */
  authorEmail: string | null;
  heldReasons: HeldReason[];
  thread: { key: string; title: string | null; url: string | null };
  site: { id: string; name: string };
  moderatedAt: string | null;
  moderatedBy: { id: string; name: string } | null;
  /** A reply: whom it answers, and the first words of what (DESIGN.md §12). Null for a top-level comment or a deleted parent. */
  inReplyTo: { id: string; authorName: string; excerpt: string } | null;
  /** The author's record on this site by email digest (this comment included); null once their data was erased. */
  authorHistory: { approved: number; spam: number; rejected: number; pending: number } | null;
}

/** A card as an edit left it; `previousStatus` when its author's edit moved it (a rule now holds the new words). */
export interface EditedCard extends ModerationComment {
  previousStatus?: CommentStatus | undefined;
}

/** One line of a comment's or a site's audit trail (GET /api/moderation/audit). */
export interface AuditEntryView {
  id: string;
  commentId: string | null;
  /** What was done: `status`, `delete`, `edit`, `reply`, `ban`, … */
  action: string;
  from: CommentStatus | null;
  to: CommentStatus | null;
  /** Null for an operator's command-line action, or a removed moderator. */
  moderator: { id: string; name: string } | null;
  at: string;
}

/** A site's settings as admins read and change them (GET/PATCH /api/admin/sites/:id, DESIGN.md §6). */
export interface SiteSettings {
  id: string;
  name: string;
  allowedOrigins: string[];
  mode: ModerationMode;
  maxLinks: number;
  moderationWords: string[];
  disallowedWords: string[];
  depthLimit: number;
  floodSeconds: number;
  closeAfterDays: number | null;
  webhookUrl: string | null;
}

/** GET/PATCH /api/admin/sites/:id: the settings, and beside them the secret that signs the site's webhook calls (admins only). */
export interface SiteSettingsAnswer {
  site: SiteSettings;
  /** Null while the site has no webhook. */
  webhookSecret?: string | null;
}

/** A moderator as admins manage them (GET /api/admin/moderators). */
export interface ManagedModerator {
  id: string;
  email: string;
  name: string;
  role: ModeratorRole;
  /** The sites a `moderator` works; admins see all, whatever is listed. */
  sites: string[];
}

/** POST /api/admin/moderators → 201: the generated password, shown this once. */
export interface ModeratorCreated {
  moderator: ManagedModerator;
  password: string;
}

/** GET /api/moderation/comments */
export interface ModerationQueue {
  comments: ModerationComment[];
  nextCursor: string | null;
  /** Per status, under the same site/thread/q filters. */
  counts: Record<CommentStatus, number>;
}

/** POST /api/moderation/comments/bulk */
export interface BulkResult {
  results: Array<{ id: string; status: CommentStatus } | { id: string; error: { code: ErrorCode } }>;
}

/** What a ban matches: the author's email, their address (each by its digest, never shown). */
export type BanBy = 'email' | 'ip';

/** A ban of a comment's author on that comment's site (DESIGN.md §6). */
export interface Ban {
  id: string;
  siteId: string;
  by: BanBy[];
  /** The comment it came from; null once that comment is deleted. */
  commentId: string | null;
  createdAt: string;
  /** Null once that moderator is removed. */
  createdBy: { id: string; name: string } | null;
}

/** POST /api/moderation/bans → 201 */
export interface BanCreated {
  ban: Ban;
}

/** GET /api/moderation/bans */
export interface BanList {
  bans: Ban[];
}

export interface ModeratorProfile {
  id: string;
  email: string;
  name: string;
  role: ModeratorRole;
}

/** The header that carries the author token. */
export const AUTHOR_TOKEN_HEADER = 'X-Parley-Author';
export type ModeratorRole = 'admin' | 'moderator';

/** Socket.IO: where the server listens, and its two namespaces. */
export const SOCKET_PATH = '/socket.io';
export const READERS_NAMESPACE = '/';
export const MODERATION_NAMESPACE = '/moderation';

export type JoinAck = { ok: true } | { error: { code: ErrorCode; message: string } };

/** A comment that became visible, with its thread's key (the room it went to). */
export interface ApprovedEvent extends PublicComment {
  thread: string;
}

export interface ModeratedEvent {
  id: string;
  status: CommentStatus;
  previousStatus: CommentStatus;
  moderatedBy: { id: string; name: string };
  moderatedAt: string;
}

/** Events the server sends, on either namespace. */
export interface ServerToClientEvents {
  /** Readers: a comment became visible in a joined thread. */
  'comment:approved': (comment: ApprovedEvent) => void;
  /** Readers: a visible comment was rejected, marked spam or deleted (by a moderator or its author), or its author's edit sent it back to moderation. */
  'comment:removed': (removed: { id: string; thread: string }) => void;
  /** Moderators: a new comment on one of their sites. */
  'comment:created': (comment: ModerationComment) => void;
  /** Moderators: someone changed a comment's status. */
  'comment:moderated': (change: ModeratedEvent) => void;
  /** Moderators: someone edited a comment's body (the card as it is now). */
  'comment:edited': (comment: EditedCard) => void;
  /** Readers: a visible comment changed: its author's data was erased, its likes, an edit by its author or a moderator (`edited: true`). */
  'comment:updated': (comment: ApprovedEvent) => void;
  /** Moderators: someone deleted a comment (deletedBy null: an operator, e.g. a data-erasure request run from the command line, or, with `byAuthor`, the comment's author within their edit window). */
  'comment:deleted': (deleted: { id: string; deletedBy: { id: string; name: string } | null; byAuthor: boolean }) => void;
}

/** Events readers send (moderators send none: they act over HTTP). */
export interface ClientToServerEvents {
  /** Follow a thread (at most 20 per connection). */
  'thread:join': (join: { site: string; thread: string }, ack: (answer: JoinAck) => void) => void;
  'thread:leave': (leave: { site: string; thread: string }) => void;
}
