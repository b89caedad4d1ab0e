// Domain errors: one base class with a machine code and an HTTP status,
// turned into a response in exactly one place (http/error-handler.ts).
import type { ErrorCode } from './contracts.js';

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

export const validationFailed = (fields: FieldErrors, message = 'Some fields are not valid.') =>
  new AppError('validation_failed', 400, message, { fields });
export const notFound = (message = 'Not found.') => new AppError('not_found', 404, message);
export const siteNotFound = () => new AppError('site_not_found', 404, 'No such site.');
export const conflict = (message: string) => new AppError('conflict', 409, message);
export const unavailable = () =>
  new AppError('unavailable', 503, 'The service cannot reach its database; try again shortly.');
export const originNotAllowed = () => new AppError('origin_not_allowed', 403, 'This site does not accept requests from this origin.');
export const threadClosed = () => new AppError('thread_closed', 403, 'Comments are closed on this article.');
export const duplicateComment = () => new AppError('duplicate_comment', 409, 'You have already posted this comment here.');
export const unsupportedMediaType = () => new AppError('unsupported_media_type', 415, 'Send the request body as application/json.');
export const forbidden = (message = 'Only an admin may do this.') => new AppError('forbidden', 403, message);
