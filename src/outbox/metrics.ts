// The outbox's depth by kind, as a gauge read at every scrape
// (metrics/registry.ts): items waiting to be sent, from the database, so the
// same answer from every instance. A depth that only grows is a receiver or an
// SMTP server that stopped taking what Parley sends.
import type { Sql } from '../comments/repository.js';
import type { GaugeSpec } from '../metrics/registry.js';
import { outboxDepth } from './repository.js';

export const outboxDepthGauge = (sql: Sql): GaugeSpec => ({
  name: 'parley_outbox_depth',
  help: 'Mail and webhook calls waiting to be sent (due or retrying), by kind (from the database: the same on every instance).',
  labelNames: ['kind'],
  collect: async () => Object.entries(await outboxDepth(sql)).map(([kind, n]) => ({ labels: { kind }, value: n })),
});
