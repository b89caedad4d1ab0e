// When a failed item is tried again: exponential backoff with a cap and a
// little jitter (so items that failed together do not come back together),
// and a last attempt after which it is kept as failed.

export interface Backoff {
  /** The wait after the first failure; it doubles with each further one. */
  readonly baseMs: number;
  /** No wait is longer than this. */
  readonly capMs: number;
  /** After this many attempts an item is failed for good. */
  readonly maxAttempts: number;
}

/** The wait before attempt `attempts + 1`, or null when `attempts` was the last. `random` in [0, 1). */
export function retryDelay(attempts: number, b: Backoff, random = Math.random()): number | null {
  if (attempts >= b.maxAttempts) return null;
  const exponential = Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, attempts - 1));
  // ±20 %, never past the cap.
  return Math.min(b.capMs, Math.round(exponential * (0.8 + 0.4 * random)));
}
