// Small pieces every private router shares.
import type { RequestHandler } from 'express';
import type { z } from 'zod';

/** Personal and live answers: never from a cache. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/** A path parameter read with `schema`; anything else is the resource's 404 (`missing`). */
export const pathId =
  <T>(schema: z.ZodType<T>, missing: () => Error) =>
  (raw: unknown): T => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw missing();
    return parsed.data;
  };
