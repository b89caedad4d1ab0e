// Decisions over HTTP: a status for one comment or for the bulk selection,
// their undo, and deletion; the cards and counts follow, and the status line
// says what happened.
import type { BulkResult, CommentStatus, ModerationComment } from '../../../src/contracts.js';
import { call, failure, type HttpError } from './api.js';
import { confirmIn } from './dialog.js';
import { filters } from './filters.js';
import { PAST, TABS } from './labels.js';
import type { Place, Queue } from './queue-state.js';
import { offerUndo } from './undo.js';

const tabName = (s: CommentStatus) => TABS.find(([t]) => t === s)![1];

export async function act(q: Queue, ids: string[], to: CommentStatus) {
  const from = filters.status;
  if (ids.length === 1) {
    const id = ids[0]!;
    // At once, before the server answers: the next card is selected, so the next key acts on it, as the moderator sees.
    const place = q.move(id, from, to);
    q.showCounts();
    try {
      await call<ModerationComment>(`/api/moderation/comments/${id}/status`, { method: 'POST', body: JSON.stringify({ status: to, from }) });
      q.say(`${PAST[to]}.`);
      offerUndo(() => undo(q, [id], from, to, place ? [place] : []));
    } catch (err) {
      const e = err as HttpError;
      // Not changed: the counts go back…
      q.counts[to]--;
      q.counts[from]++;
      if (e.body.error?.code === 'status_changed') {
        // …and the comment is where someone else put it: not in this view.
        q.counts[from]--;
        if (e.body.error.currentStatus) q.counts[e.body.error.currentStatus]++;
        q.say(`Someone else decided first: this comment is now ${e.body.error.currentStatus}. Nothing was changed.`);
      } else {
        // …and so does the card, where it stood.
        if (place) q.restore([place]);
        const why = failure(err);
        if (why) q.say(`Not changed: ${why}`);
      }
    }
  } else {
    let results: BulkResult['results'];
    try {
      ({ results } = await call<BulkResult>('/api/moderation/comments/bulk', { method: 'POST', body: JSON.stringify({ ids, status: to, from }) }));
    } catch (err) {
      const why = failure(err);
      if (why) q.say(`Not changed: ${why}`);
      return;
    }
    const changed: string[] = [];
    const places: Place[] = [];
    for (const r of results) {
      if (!('status' in r)) continue;
      const place = q.move(r.id, from, to);
      if (!place) continue;
      changed.push(r.id);
      places.push(place);
    }
    q.say(`${PAST[to]}: ${changed.length} of ${ids.length} comments.${changed.length < ids.length ? ' The others had been changed by someone else.' : ''}`);
    if (changed.length) offerUndo(() => undo(q, changed, from, to, places));
  }
  q.showCounts();
}

/** Puts comments `ids` back from `to` to `from`, as a status change that names what it expects to find. */
async function undo(q: Queue, ids: string[], from: CommentStatus, to: CommentStatus, places: Place[]) {
  let back: string[] = [];
  try {
    if (ids.length === 1) {
      await call(`/api/moderation/comments/${ids[0]}/status`, { method: 'POST', body: JSON.stringify({ status: from, from: to }) });
      back = ids;
    } else {
      const { results } = await call<BulkResult>('/api/moderation/comments/bulk', { method: 'POST', body: JSON.stringify({ ids, status: from, from: to }) });
      back = results.filter((r) => 'status' in r).map((r) => r.id);
    }
  } catch (err) {
    const e = err as HttpError;
    if (e.body.error?.code === 'status_changed') q.say(`Not undone: someone else changed this comment meanwhile; it is now ${e.body.error.currentStatus}.`);
    else {
      const why = failure(err);
      if (why) q.say(`Not undone: ${why}`);
    }
    return;
  }
  for (const id of back) q.move(null, to, from);
  // Back in this view when it still shows where they came from.
  if (filters.status === from) q.restore(places.filter((p) => back.includes(p.el.dataset.commentId!)));
  const missed = ids.length - back.length;
  q.say(`Undone: back in ${tabName(from)}.${missed ? ` ${missed} had been changed by someone else meanwhile and stay as they are.` : ''}`);
  q.showCounts();
}

export async function remove(q: Queue, c: ModerationComment) {
  if (!(await confirmIn('Delete this comment?', `The comment by ${c.authorName} is deleted for good; its replies stay, one level up. This cannot be undone.`, 'Delete')))
    return;
  try {
    await call(`/api/moderation/comments/${c.id}`, { method: 'DELETE' });
    q.move(c.id, filters.status, null);
    q.say('Deleted.');
  } catch (err) {
    const why = failure(err);
    if (why) q.say(`Not deleted: ${why}`);
  }
  q.showCounts();
}
