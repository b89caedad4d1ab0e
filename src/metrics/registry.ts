// Parley's Prometheus metrics (DESIGN.md §10), on registries of its own and
// never prom-client's global one, so tests and several apps in one process
// each count their own. The process's defaults (CPU, memory, event-loop lag,
// GC) are one set per process, whichever app is asked; the rest is per app.
//
// What is counted on a request's way must stay cheap (GET and POST
// /api/comments are benchmarked): one histogram observation per request,
// from the request logger's existing 'finish' listener, and one counter per
// domain event. What needs the database (the pending queue) is read at
// scrape time, by a gauge's collect callback: bounded in time, one call at a
// time, and a failure leaves that gauge empty instead of failing the scrape.
import type { Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../log.js';
import { routeLabeler } from './route-label.js';

/** A gauge's collect callback gives up after this long; the scrape answers without it. */
export const COLLECT_TIMEOUT_MS = 2_000;
/** A call still unanswered after this long is given up for good: the next scrape makes a new one. */
const ABANDON_AFTER_MS = 30_000;

/** The latency buckets (seconds): a reader's page takes about a millisecond, a sign-in's argon2 a few hundred. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Sample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface GaugeSpec {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  /** Read at every scrape. A later scrape shares a call still under way; past COLLECT_TIMEOUT_MS or on an error the gauge shows nothing this time. */
  collect(): readonly Sample[] | Promise<readonly Sample[]>;
}

export interface Metrics {
  /** The Content-Type of what render() gives. */
  readonly contentType: string;
  /** For the request logger's 'finish' listener: one observation of the request's latency. */
  observeRequest(req: Request, res: Response, seconds: number): void;
  commentCreated(status: string, reason: string): void;
  moderationAction(status: string): void;
  /**
   * Adds a gauge read at scrape time (a queue's depth, a pool's use); returns
   * its removal. One line for a new part of the system, e.g.
   * `metrics.registerGauge({ name: 'parley_outbox_depth', help, labelNames: ['kind'], collect: () => depthByKind(sql) })`.
   */
  registerGauge(spec: GaugeSpec): () => void;
  /** The Prometheus text exposition of this process and this app. */
  render(): Promise<string>;
}

let processRegistry: Registry | undefined;
/** CPU, memory, handles, GC, event-loop lag (nodejs_eventloop_lag_*): one set per process. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** `routes`: the route templates, for requests answered before their route ran (see route-label.ts). */
export function createMetrics(deps: { log: Logger; routes: readonly string[] }): Metrics {
  const registry = new Registry();
  const perProcess = processMetrics();
  const routeOf = routeLabeler(deps.routes);

  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request to the end of its answer, by route template (unmatched: no route), method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const created = new Counter({
    name: 'parley_comments_created_total',
    help: 'Comments readers posted on this instance, by the status they got and the first reason auto-moderation held them for (none: not held).',
    labelNames: ['status', 'reason'] as const,
    registers: [registry],
  });
  const moderated = new Counter({
    name: 'parley_moderation_actions_total',
    help: 'Comments moderators changed on this instance, by their new status (deleted: removed); a bulk change counts each comment.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  /** Each registered gauge's read, run at the start of every scrape. */
  const refreshers = new Map<string, () => Promise<void>>();
  const collectFailures = new Counter({
    name: 'parley_metrics_collect_failures_total',
    help: 'Scrapes that left a gauge empty because reading it failed or took too long, by gauge.',
    labelNames: ['metric'] as const,
    registers: [registry],
  });

  return {
    contentType: registry.contentType,
    observeRequest(req, res, seconds) {
      // In a 'finish' listener: a throw here would end the process.
      try {
        latency.observe({ route: routeOf(req, res), method: req.method, status: res.statusCode }, seconds);
      } catch (err) {
        deps.log.warn({ err }, 'a request could not be measured');
      }
    },
    commentCreated(status, reason) {
      created.inc({ status, reason });
    },
    moderationAction(status) {
      moderated.inc({ status });
    },
    registerGauge(spec) {
      // At most one call of a gauge's collect at a time, however many scrapes wait for it
      // (one that never answers is left behind after ABANDON_AFTER_MS).
      let running: { call: Promise<readonly Sample[]>; since: number } | undefined;
      const read = () => {
        if (!running || Date.now() - running.since > ABANDON_AFTER_MS) {
          const call: Promise<readonly Sample[]> = Promise.resolve()
            .then(() => spec.collect())
            .finally(() => {
              if (running?.call === call) running = undefined;
            });
          running = { call, since: Date.now() };
        }
        return running.call;
      };
      let samples: readonly Sample[] = [];
      const labelNames = new Set(spec.labelNames ?? []);
      const refresh = async () => {
        try {
          const fresh = await within(read(), COLLECT_TIMEOUT_MS);
          // A sample prom-client would refuse fails this gauge here, not the whole scrape.
          const bad = fresh.find((s) => !Number.isFinite(s.value) || Object.keys(s.labels ?? {}).some((l) => !labelNames.has(l)));
          if (bad) throw new Error(`a sample it cannot show: ${JSON.stringify(bad.labels ?? {})}`);
          samples = fresh;
        } catch (err) {
          samples = [];
          collectFailures.inc({ metric: spec.name });
          deps.log.warn({ err: { message: (err as Error).message }, metric: spec.name }, 'a metric could not be read');
        }
      };
      new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: spec.labelNames ?? [],
        registers: [registry],
        collect(this: Gauge) {
          this.reset();
          for (const s of samples) this.set(s.labels ?? {}, s.value);
        },
      });
      refreshers.set(spec.name, refresh);
      return () => {
        refreshers.delete(spec.name);
        registry.removeSingleMetric(spec.name);
      };
    },
    async render() {
      // Every gauge is read first, so a failure shows in the same scrape's counter.
      await Promise.all([...refreshers.values()].map((refresh) => refresh()));
      const [own, ofProcess] = await Promise.all([registry.metrics(), perProcess.metrics()]);
      return `${ofProcess}${own}`;
    },
  };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
