// Imported comments get ids minted from their own dates, so pages, cursors
// and catch-up (all ordered by id) place them where they were written.
import { describe, expect, it } from 'vitest';
import { commentIdAt, timeOfId } from '../../src/imports/ids.js';

const at = (iso: string) => new Date(iso).getTime();

describe('the id of an imported comment', () => {
  it('is a UUIDv7 of its own date', () => {
    const id = commentIdAt(at('2019-06-01T12:00:00Z'), 7, null);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(timeOfId(id)).toISOString()).toBe('2019-06-01T12:00:00.000Z');
  });

  it('orders comments of the same second by their WordPress id', () => {
    const second = at('2019-06-01T12:00:00Z');
    const ids = [3, 20, 100, 4_000_000_000].map((wp) => commentIdAt(second, wp, null));
    expect([...ids].sort()).toEqual(ids);
  });

  it('sorts a reply after its parent even when the reply is dated earlier (a clock was wrong)', () => {
    const parent = commentIdAt(at('2019-06-01T12:00:00Z'), 50, null);
    const reply = commentIdAt(at('2019-06-01T11:00:00Z'), 49, parent);
    expect(reply > parent).toBe(true);
    expect(timeOfId(reply)).toBe(timeOfId(parent) + 1);
    // A reply dated after its parent keeps its own date.
    const later = commentIdAt(at('2019-06-02T00:00:00Z'), 51, parent);
    expect(new Date(timeOfId(later)).toISOString()).toBe('2019-06-02T00:00:00.000Z');
  });
});
