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
