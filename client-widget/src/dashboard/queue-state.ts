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
  /** The keyboard shortcuts dialog. */
  help: HTMLDialogElement;
  /** Says something in the polite status region. */
  say(text: string): void;
  /** Shows the counts, the active tab and the bulk selection. */
  showCounts(): void;
}

export type Queue = ReturnType<typeof queueState>;

export function queueState(page: QueuePage) {
  const { list, help } = page;
  const q = {
    ...page,
    counts: { pending: 0, approved: 0, rejected: 0, spam: 0 } as Record<CommentStatus, number>,
    cursor: null as string | null,
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
        if (!isTextField(document.activeElement) && !help.open) q.selected.focus({ preventScroll: true });
      }
    },

    /**
     * Comment `id` went from status `from` to `to` (null: it arrived, or was
     * deleted). Given an id, its card leaves this view (the next card, else the
     * previous, is selected), and the counts change only if it was here (if
     * not, a live event counted it already, or it is not this view's to count).
     * Without an id the counts change anyway. `floor`: for what other
     * moderators did, which may concern comments outside these counts, a
     * count stops at zero. Returns whether a card left.
     */
    move(id: string | null, from: CommentStatus | null, to: CommentStatus | null, floor = false): boolean {
      const left = id !== null && leave(id);
      if (id !== null && !left) return false;
      if (from) q.counts[from] = floor ? Math.max(0, q.counts[from] - 1) : q.counts[from] - 1;
      if (to) q.counts[to]++;
      return left;
    },
  };

  /** A card leaves the view; the next one (else the previous) is selected. */
  function leave(id: string) {
    const el = list.querySelector<HTMLElement>(`article[data-comment-id="${id}"]`);
    if (!el) return false;
    const all = q.cards();
    const i = all.indexOf(el);
    if (el === q.selected) q.select(all[i + 1] ?? all[i - 1]);
    el.remove();
    q.chosen.delete(id);
    return true;
  }

  return q;
}
