// Decisions over HTTP: a status for one comment or for the bulk selection, and
// deletion; the cards and counts follow, and the status region says what happened.
import type { BulkResult, CommentStatus } from '../../../src/contracts.js';
import { call, type HttpError } from './api.js';
import { filters } from './filters.js';
import { PAST } from './labels.js';
import type { Queue } from './queue-state.js';

export async function act(q: Queue, ids: string[], to: CommentStatus) {
  const from = filters.status;
  if (ids.length === 1) {
    try {
      await call(`/api/moderation/comments/${ids[0]}/status`, { method: 'POST', body: JSON.stringify({ status: to, from }) });
      q.move(ids[0]!, from, to);
      q.say(`${PAST[to]}.`);
    } catch (err) {
      const e = err as HttpError;
      if (e.body.error?.code === 'status_changed') {
        q.move(ids[0]!, from, null);
        if (e.body.error.currentStatus) q.move(null, null, e.body.error.currentStatus);
        q.say(`Someone else decided first: this comment is now ${e.body.error.currentStatus}. Nothing was changed.`);
      } else if (e.status !== 401) q.say(`Not changed: ${e.message}`);
    }
  } else {
    const { results } = await call<BulkResult>('/api/moderation/comments/bulk', { method: 'POST', body: JSON.stringify({ ids, status: to, from }) });
    let changed = 0;
    for (const r of results) if ('status' in r && q.move(r.id, from, to)) changed++;
    q.say(`${PAST[to]}: ${changed} of ${ids.length} comments.${changed < ids.length ? ' The others had been changed by someone else.' : ''}`);
  }
  q.showCounts();
}

export async function remove(q: Queue, id: string) {
  if (!confirm('Delete this comment for good? Its replies stay, one level up.')) return;
  try {
    await call(`/api/moderation/comments/${id}`, { method: 'DELETE' });
    q.move(id, filters.status, null);
    q.say('Deleted.');
  } catch (err) {
    if ((err as HttpError).status !== 401) q.say(`Not deleted: ${(err as Error).message}`);
  }
  q.showCounts();
}
