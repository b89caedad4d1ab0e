// Domain errors: one base class with a machine code and an HTTP status, and
// every case Parley answers with, declared here once. They become HTTP
// answers in one place (http/error-handler.ts) and socket acknowledgements in
// another (toAck, below), with the same code and message.
import type { CommentStatus, ErrorBody, ErrorCode } from './contracts.js';

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    /** Extra members of the error body, e.g. `fields` or `currentStatus`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

// 400
export const validationFailed = (fields: FieldErrors, message = 'Some fields are not valid.') =>
  new AppError('validation_failed', 400, message, { fields });
export const invalidJson = () => new AppError('invalid_json', 400, 'The request body is not valid JSON.');
/** A path whose %-escapes do not decode (the router decodes parameters before any handler runs). */
export const undecodablePath = () => new AppError('validation_failed', 400, 'The address holds an invalid %-escape.');
export const unreadableBody = () => new AppError('validation_failed', 400, 'The request body could not be read.');
export const notAnObject = () => validationFailed({}, 'The request body must be a JSON object.');
/** A ban by a digest the comment no longer has (its author's data was erased, or no address was recorded). */
export const cannotBanBy = (by: 'email' | 'ip') =>
  validationFailed({
    by: by === 'email' ? "This comment no longer has its author's email (it was erased): it cannot be banned by email." : 'This comment has no address on record: it cannot be banned by address.',
  });
// 401, 403
export const unauthenticated = () => new AppError('unauthenticated', 401, 'Sign in to continue.');
export const invalidCredentials = () => new AppError('invalid_credentials', 401, 'The email or password is not right.');
/** GET /metrics with METRICS_TOKEN set, and no or another bearer token. */
export const metricsTokenRequired = () => new AppError('unauthenticated', 401, 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
export const forbidden = (message = 'Only an admin may do this.') => new AppError('forbidden', 403, message);
export const originNotAllowed = () => new AppError('origin_not_allowed', 403, 'This site does not accept requests from this origin.');
/**
 * The readers' API, to a page on an origin its site does not allow: what its
 * owner must do, with the CLI's real syntax (--add-origin keeps the site's
 * other origins). Names only what the page sent: never the site's list.
 */
export const originNotAllowedFor = (siteId: string, origin: string) =>
  new AppError(
    'origin_not_allowed',
    403,
    `This page's address, ${origin}, is not allowed for site "${siteId}". Add it with: npm run cli -- site:update ${siteId} --add-origin ${origin} (or on the dashboard's Sites page).`,
  );
export const threadClosed = () => new AppError('thread_closed', 403, 'Comments are closed on this article.');
/** A reader's own edit or delete after the window (DESIGN.md §11); `minutes`: the window's length. */
export const editWindowClosed = (minutes: number) =>
  new AppError('edit_window_closed', 403, `A comment can be changed or deleted by its author only within ${minutes} minutes of posting; ask a moderator instead.`);
export const editLocked = () =>
  new AppError('edit_locked', 403, 'A moderator has edited this comment: its words can no longer be changed by its author.');
// 404
export const notFound = (message = 'Not found.') => new AppError('not_found', 404, message);
export const noSuchRoute = () => notFound('No such page or endpoint.');
export const commentNotFound = () => notFound('No such comment.');
export const siteNotFound = () => new AppError('site_not_found', 404, 'No such site.');
/** The readers' API: a snippet's data-site names no site. */
export const noSiteWithId = (siteId: string) =>
  new AppError('site_not_found', 404, `No site has the id "${siteId}": check data-site in the embed snippet (npm run cli -- site:list lists them).`);
export const banNotFound = () => notFound('No such ban.');
export const moderatorNotFound = () => notFound('No such moderator.');
// 409
export const duplicateComment = () => new AppError('duplicate_comment', 409, 'You have already posted this comment here.');
export const moderatorExists = () =>
  new AppError('conflict', 409, 'A moderator with this email already exists.', { fields: { email: 'A moderator with this email already exists.' } });
/** Demoting or removing the only admin would lock everyone out of the administration. */
export const lastAdmin = () => new AppError('conflict', 409, 'This is the last admin: make another moderator an admin first.');
/** A moderator's reply to a comment readers cannot see yet. */
export const cannotRemoveSelf = () => new AppError('conflict', 409, 'You cannot remove yourself: another admin can.');
export const notPublishedYet = (message: string) => new AppError('conflict', 409, message);
/** Another moderator changed the comment first; gone altogether is a 404. */
export const statusChanged = (currentStatus: CommentStatus | undefined) =>
  currentStatus === undefined
    ? commentNotFound()
    : new AppError('status_changed', 409, `Another moderator changed this comment first: it is now ${currentStatus}.`, { currentStatus });
// 413, 415
export const payloadTooLarge = () => new AppError('payload_too_large', 413, 'The request body is too large.');
export const unsupportedMediaType = () => new AppError('unsupported_media_type', 415, 'Send the request body as application/json.');
export const unsupportedEncoding = () => new AppError('unsupported_media_type', 415, 'The request body must be UTF-8 JSON.');
// 429
export const tooManySignIns = () => new AppError('rate_limited', 429, 'Too many failed sign-ins; wait a while and try again.');
export const tooManyThreads = (max: number) => new AppError('rate_limited', 429, `Follow at most ${max} threads per connection.`);
/** A second comment from the same email or address within the site's floodSeconds; `retryAfter` (seconds) goes to the Retry-After header. */
export const postingTooFast = (retryAfter: number) =>
  new AppError('rate_limited', 429, 'You are posting comments too quickly. Wait a moment and try again.', { retryAfter });
/** Over the per-address request limits of the readers' API (http/request-limits.ts); `retryAfter` (seconds) goes to the Retry-After header. */
export const tooManyRequests = (retryAfter: number) =>
  new AppError('rate_limited', 429, 'Too many requests from your address; wait a minute and try again.', { retryAfter });
// 500, 503
/** Not time-bound: the address has given this comment all the likes it may (comments/likes/service.ts). */
export const tooManyLikesFromAddress = () =>
  new AppError('rate_limited', 429, 'This comment has all the likes it can take from your network.', { retryAfter: 24 * 60 * 60 });
export const internalError = () => new AppError('internal_error', 500, 'Something went wrong on our side.');
export const unavailable = () => new AppError('unavailable', 503, 'The service cannot reach its database; try again shortly.');
export const starting = () => new AppError('unavailable', 503, 'Parley is starting; try again in a moment.');

/** The body of an error answer. */
export const errorBody = (err: AppError): ErrorBody => ({ error: { code: err.code, message: err.message, ...err.details } });

/** A socket acknowledgement for an error: the same code and message as over HTTP. */
export const toAck = (err: AppError) => ({ error: { code: err.code, message: err.message } });

/**
 * A file an import cannot take (not well-formed, not an export of the kind
 * named, an entry that makes no sense). Not an HTTP answer: the CLI's import
 * commands exit 1 with this one line, and the import's transaction is rolled
 * back, so nothing of the file stays behind.
 */
export class BadImportFile extends Error {
  constructor(file: string, line: number | undefined, reason: string) {
    super(`${file}${line === undefined ? '' : `, line ${line}`}: ${reason}`);
    this.name = 'BadImportFile';
  }
}
