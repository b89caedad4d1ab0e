// Live connections on this instance, per namespace, as a gauge read at
// scrape time (metrics/registry.ts) from Socket.IO's own maps: no counting
// on connect or disconnect.
import { MODERATION_NAMESPACE, READERS_NAMESPACE } from '../contracts.js';
import type { GaugeSpec } from '../metrics/registry.js';
import type { Realtime } from './server.js';

export const socketsGauge = (realtime: Pick<Realtime, 'readers' | 'moderation'>): GaugeSpec => ({
  name: 'parley_sockets',
  help: 'Live (Socket.IO) connections on this instance, by namespace (/: readers, /moderation: moderators).',
  labelNames: ['namespace'],
  collect: () => [
    { labels: { namespace: READERS_NAMESPACE }, value: realtime.readers.sockets.size },
    { labels: { namespace: MODERATION_NAMESPACE }, value: realtime.moderation.sockets.size },
  ],
});
