// The queue as this moderator sees it: the cards shown, the selected card, the
// bulk selection, the paging cursor, and the counts per status, which move()
// keeps in step with the cards.
import type { CommentStatus, ModeratorProfile } from '../../../src/contracts.js';
import { isTextField } from './keys.js';

/** The parts of the page the queue's modules work with (built by queue.ts). */
export interface QueuePage {
  me: ModeratorProfile;
  /** The cards, in order. */
  list: HTMLElement;
  /** Says something in the polite status region. */
  say(text: string): void;
  /** Shows the counts, the active tab, the bulk selection and, with no card left, what the empty view means. */
  showCounts(): void;
}

/** Where a card stood before it left, to put it back there (Undo). */
export interface Place {
  el: HTMLElement;
  next: Element | null;
}

export type Queue = ReturnType<typeof queueState>;

export function queueState(page: QueuePage) {
  const { list } = page;
  const q = {
    ...page,
    counts: { pending: 0, approved: 0, rejected: 0, spam: 0 } as Record<CommentStatus, number>,
    cursor: null as string | null,
    /** Cards that arrived live while the view was being fetched: kept when the fetched page did not have them yet. */
    early: null as HTMLElement[] | null,
    selected: null as HTMLElement | null,
    /** The bulk selection: ids of the cards whose box is ticked. */
    chosen: new Set<string>(),
    cards: () => [...list.querySelectorAll<HTMLElement>('article[data-comment-id]')],

    select(card: HTMLElement | null | undefined) {
      q.selected?.removeAttribute('aria-current');
      q.selected = card ?? null;
      if (q.selected) {
        q.selected.setAttribute('aria-current', 'true');
        q.selected.scrollIntoView({ block: 'nearest' });
        // Focus follows the selection (screen readers read the card), unless the moderator is typing.
        if (!isTextField(document.activeElement) && !document.querySelector('dialog[open]')) q.selected.focus({ preventScroll: true });
      }
    },

    /**
     * Comment `id` went from status `from` to `to` (null: it arrived, or was
     * deleted). Given an id, its card leaves this view (the next card, else the
     * previous, is selected), and the counts change only if it was here (if
     * not, a live event counted it already, or it is not this view's to count).
     * Without an id the counts change anyway. `floor`: for what other
     * moderators did, which may concern comments outside these counts, a
     * count stops at zero. Returns where the card stood when one left.
     */
    move(id: string | null, from: CommentStatus | null, to: CommentStatus | null, floor = false): Place | null {
      const left = id !== null ? leave(id) : null;
      if (id !== null && !left) return null;
      if (from) q.counts[from] = floor ? Math.max(0, q.counts[from] - 1) : q.counts[from] - 1;
      if (to) q.counts[to]++;
      return left;
    },

    /** Puts cards back where they stood (the last to leave first) and selects the first of them. */
    restore(places: Place[]) {
      for (const { el, next } of [...places].reverse()) {
        if (next && next.parentElement === list) list.insertBefore(el, next);
        else list.append(el);
      }
      if (places[0]) q.select(places[0].el);
    },
  };

  /** A card leaves the view; the next one (else the previous) is selected. */
  function leave(id: string): Place | null {
    const el = list.querySelector<HTMLElement>(`article[data-comment-id="${id}"]`);
    if (!el) return null;
    const all = q.cards();
    const i = all.indexOf(el);
    if (el === q.selected) q.select(all[i + 1] ?? all[i - 1]);
    const next = el.nextElementSibling;
    el.remove();
    q.chosen.delete(id);
    const box = el.querySelector<HTMLInputElement>('input[type=checkbox]');
    if (box) box.checked = false;
    return { el, next };
  }

  return q;
}
