// An express-rate-limit store whose limit holds across instances without a
// database round trip on any request. Hits are counted here, exactly, and
// about once a second one statement adds every key's new hits to the shared
// rate_limits table and reads back each key's total over all instances. A
// key's count is that total plus the hits counted here since, so another
// instance's hits are felt within about a second.
//
// Windows are fixed and aligned to the clock (window = floor(now / windowMs),
// part of the stored key), so every instance counts the same window.
//
// It must never throw out of its timer nor keep the process alive: a failed
// flush (database down) keeps its hits for the next one, and the limits go on
// working on what this instance counts. (login's PostgresRateLimitStore, one
// upsert per hit, is for rare requests; this one is for the readers' API.)
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { addHits, forgetHits, sweepEndedWindows, type HitDelta, type Sql } from '../db/rate-limits.js';
import type { Logger } from '../log.js';

/** Keys counted at once, far above the addresses one instance serves in a minute: a flood of new addresses cannot grow memory without bound. */
export const MAX_KEYS = 100_000;
const FLUSH_MS = 1_000;
const SWEEP_MS = 5 * 60_000;

interface Counter {
  readonly window: number;
  /** The key in rate_limits: prefix, window, client key. */
  readonly stored: string;
  /** Every instance's hits as of the last flush (this one's flushed hits included). */
  shared: number;
  /** Hits counted here and not yet sent. */
  unsent: number;
  /** Hits in the flush under way. */
  sending: number;
}

export interface SharedCounterOptions {
  readonly log?: Logger;
  readonly flushMs?: number;
  readonly maxKeys?: number;
}

export class SharedCounterStore implements Store {
  windowMs = 60_000;
  readonly localKeys = false;
  readonly #counters = new Map<string, Counter>();
  readonly #flushMs: number;
  readonly #maxKeys: number;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  /** A key with nothing to send is still read back from this total on: within reach of the limit, another instance's hits matter. */
  #watchFrom = 1;
  #prunedWindow = 0;
  #lastSweep = Date.now();
  #failing = false;
  #closed = false;

  constructor(
    private readonly sql: Sql,
    readonly prefix: string,
    private readonly opts: SharedCounterOptions = {},
  ) {
    this.#flushMs = opts.flushMs ?? FLUSH_MS;
    this.#maxKeys = opts.maxKeys ?? MAX_KEYS;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    if (typeof options.limit === 'number') this.#watchFrom = Math.max(1, Math.ceil(options.limit / 2));
    if (this.#closed || this.#timer) return;
    this.#timer = setInterval(() => void this.flush(), this.#flushMs);
    this.#timer.unref();
  }

  increment(key: string): IncrementResponse {
    const window = this.#window();
    let counter = this.#counters.get(key);
    if (!counter || counter.window !== window) {
      // A new window starts from zero everywhere; the last one's unsent hits no longer matter.
      this.#counters.delete(key);
      if (this.#counters.size >= this.#maxKeys) this.#evictOldest();
      counter = { window, stored: `${this.prefix}${window}:${key}`, shared: 0, unsent: 0, sending: 0 };
      this.#counters.set(key, counter);
    }
    counter.unsent++;
    return this.#info(counter);
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const counter = this.#counters.get(key);
    return counter && counter.window === this.#window() ? this.#info(counter) : undefined;
  }

  /** Takes back a hit not yet sent; one already shared stays counted (nothing in Parley decrements). */
  decrement(key: string): void {
    const counter = this.#counters.get(key);
    if (counter && counter.unsent > 0) counter.unsent--;
  }

  async resetKey(key: string): Promise<void> {
    const counter = this.#counters.get(key);
    this.#counters.delete(key);
    await forgetHits(this.sql, counter?.stored ?? `${this.prefix}${this.#window()}:${key}`);
  }

  /**
   * Sends every key's unsent hits in one statement and learns the totals of
   * all instances. Never rejects: on failure the hits wait for the next try.
   * The timer calls it; so may a test.
   */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce()
      .catch(() => {})
      .finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  /** Stops the timer and sends what is left (best effort, never rejects). Counting goes on locally. */
  async shutdown(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    // A flush under way took its hits before the latest: send those too.
    await this.#flushing;
    await this.flush();
  }

  /** Keys counted at the moment, for tests. */
  get size(): number {
    return this.#counters.size;
  }

  async #flushOnce(): Promise<void> {
    const window = this.#window();
    this.#prune(window);
    const batch: Counter[] = [];
    for (const counter of this.#counters.values())
      if (counter.unsent > 0 || counter.shared + counter.unsent >= this.#watchFrom) batch.push(counter);
    if (batch.length > 0) await this.#send(batch);
    if (Date.now() - this.#lastSweep >= SWEEP_MS) {
      this.#lastSweep = Date.now();
      await sweepEndedWindows(this.sql, this.prefix).catch(() => {});
    }
  }

  async #send(batch: Counter[]): Promise<void> {
    const deltas: HitDelta[] = batch.map((c) => {
      c.sending = c.unsent;
      c.unsent = 0;
      return { key: c.stored, hits: c.sending, resetAt: new Date((c.window + 1) * this.windowMs) };
    });
    try {
      const totals = await addHits(this.sql, deltas);
      for (const c of batch) {
        // The total includes the hits just sent; one the table no longer has (swept, reset) counts them alone.
        c.shared = totals.get(c.stored) ?? c.shared + c.sending;
        c.sending = 0;
      }
      if (this.#failing) this.opts.log?.info({ store: this.prefix }, 'shared request counters: flushing again');
      this.#failing = false;
    } catch (err) {
      for (const c of batch) {
        c.unsent += c.sending;
        c.sending = 0;
      }
      if (!this.#failing) this.opts.log?.warn({ err: { message: (err as Error).message }, store: this.prefix }, 'shared request counters: flush failed; counting on this instance only until it works');
      this.#failing = true;
    }
  }

  /** Counters of ended windows go, once per window. */
  #prune(window: number) {
    if (window === this.#prunedWindow) return;
    this.#prunedWindow = window;
    for (const [key, counter] of this.#counters) if (counter.window < window) this.#counters.delete(key);
  }

  /**
   * At the cap, the key counted longest ago is forgotten here. Its flushed
   * hits stay in the table and come back with its next hit's flush; at most
   * its unsent hits (under a second's worth) are lost.
   */
  #evictOldest() {
    const oldest = this.#counters.keys().next();
    if (!oldest.done) this.#counters.delete(oldest.value);
  }

  #window() {
    return Math.floor(Date.now() / this.windowMs);
  }

  #info(c: Counter): ClientRateLimitInfo {
    return { totalHits: c.shared + c.sending + c.unsent, resetTime: new Date((c.window + 1) * this.windowMs) };
  }
}
