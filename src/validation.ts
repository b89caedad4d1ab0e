// zod → domain errors: every bad field at once, keyed by field name.
import type { z } from 'zod';
import { notAnObject, validationFailed, type FieldErrors } from './errors.js';

export function fieldErrors(error: z.ZodError, unknownKey?: string): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    // A strict object's unknown keys, each named (when the caller says how to put it).
    if (issue.code === 'unrecognized_keys' && unknownKey !== undefined) for (const key of issue.keys) fields[key] ??= unknownKey;
    else fields[issue.path.length ? String(issue.path[0]) : '_'] ??= issue.message;
  }
  return fields;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(fieldErrors(result.error));
  return result.data;
}

/** A JSON object body for a strict schema: every bad field at once, each unknown key named with `unknownKey`. */
export function parseBodyOrThrow<S extends z.ZodType>(schema: S, input: unknown, unknownKey: string): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw notAnObject();
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(fieldErrors(result.error, unknownKey));
  return result.data;
}
