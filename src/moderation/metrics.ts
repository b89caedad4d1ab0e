// The pending queue's depth per site, as a gauge read at every scrape
// (metrics/registry.ts): one cheap statement (repository.ts), the same
// answer from every instance since it comes from the database.
import type { Sql } from '../comments/repository.js';
import type { GaugeSpec } from '../metrics/registry.js';
import { pendingBySite } from './repository.js';

export const pendingCommentsGauge = (sql: Sql): GaugeSpec => ({
  name: 'parley_pending_comments',
  help: 'Comments waiting for a moderator, by site id (from the database: the same on every instance).',
  labelNames: ['site'],
  collect: async () => (await pendingBySite(sql)).map((r) => ({ labels: { site: r.site }, value: r.pending })),
});
