// Comment ids are UUIDv7: their first 48 bits are the time they were minted,
// so ordering by id is ordering by time (pages, cursors, catch-up). An
// imported comment gets an id minted from its own date, not the import's, so
// it sorts among the others where it was written.
import { v7 } from 'uuid';

/** The millisecond a UUIDv7 was minted at. */
export const timeOfId = (id: string): number => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

/**
 * A UUIDv7 for a comment written at `at` (ms). `tiebreak` (WordPress's
 * comment_ID: whole-second dates make ties common) orders the comments of one
 * millisecond. A reply's id must sort after its parent's, whatever the dates
 * say: a page lists a thread's replies by id and the widget nests each under
 * a parent it has already drawn.
 */
export function commentIdAt(at: number, tiebreak: number, parentId: string | null): string {
  const after = parentId ? timeOfId(parentId) + 1 : 0;
  return v7({ msecs: Math.max(at, after), seq: tiebreak >>> 0 });
}
