// The domain event bus: handlers run after the publisher, in a bounded line,
// and a publisher that floods it waits for room instead of piling up work.
import { describe, expect, it } from 'vitest';
import { EventBus, MAX_RUNNING, MAX_WAITING } from '../../src/events/bus.js';
import { createLogger } from '../../src/log.js';

const ref = (n: number) => ({ sessionId: `s${n}` });

describe('the event bus', () => {
  it('runs at most MAX_RUNNING handlers at once, in publishing order, and says when all are done', async () => {
    const bus = new EventBus(createLogger('silent'));
    let running = 0;
    let most = 0;
    const started: string[] = [];
    bus.on('session.ended', async (e) => {
      started.push(e.sessionId);
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    });
    for (let i = 0; i < MAX_RUNNING * 3; i++) await bus.publish('session.ended', ref(i));
    expect(bus.backlog).toBe(MAX_RUNNING * 3);
    await bus.settled();
    expect(most).toBe(MAX_RUNNING);
    expect(started).toEqual(Array.from({ length: MAX_RUNNING * 3 }, (_, i) => `s${i}`));
    expect(bus.backlog).toBe(0);
  });

  it('makes a publisher wait once MAX_WAITING events wait, and lets it go as the line moves', async () => {
    const bus = new EventBus(createLogger('silent'));
    const gates: Array<() => void> = [];
    bus.on('session.ended', () => new Promise<void>((resolve) => gates.push(resolve)));
    for (let i = 0; i < MAX_RUNNING + MAX_WAITING; i++) await bus.publish('session.ended', ref(i));
    let admitted = false;
    const blocked = bus.publish('session.ended', ref(-1)).then(() => (admitted = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(admitted).toBe(false);
    expect(bus.backlog).toBe(MAX_RUNNING + MAX_WAITING + 1);
    gates.shift()!();
    await blocked;
    expect(admitted).toBe(true);
    // Let everything finish.
    const release = setInterval(() => gates.splice(0).forEach((g) => g()), 1);
    await bus.settled();
    clearInterval(release);
  });

  it('logs a failing handler and goes on with the next', async () => {
    const errors: unknown[] = [];
    const log = createLogger('silent');
    const bus = new EventBus({ ...log, error: (...args: unknown[]) => void errors.push(args) } as typeof log);
    const seen: string[] = [];
    bus.on('session.ended', (e) => {
      if (e.sessionId === 's1') throw new Error('boom');
      seen.push(e.sessionId);
    });
    await bus.publish('session.ended', ref(1));
    await bus.publish('session.ended', ref(2));
    await bus.settled();
    expect(seen).toEqual(['s2']);
    expect(errors).toHaveLength(1);
  });
});
