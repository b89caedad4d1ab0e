// The public contract, declared once and imported (type-only) by the server,
// the widget and the dashboard. Later issues add the comment payloads and the
// Socket.IO event maps here (DESIGN.md §5–§7).

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
  error: { code: ErrorCode; message: string; fields?: Record<string, string>; [extra: string]: unknown };
}

export type ModerationMode = 'pre' | 'post' | 'trusted';
export type ModeratorRole = 'admin' | 'moderator';
