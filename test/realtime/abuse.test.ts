// Live connections under abuse (DESIGN.md §7): a burst of joins cannot pass
// the per-connection thread cap; an address cannot hold or open more than its
// share of connections; garbage and oversized frames close only the sender's
// connection, and the server keeps serving everyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io as connect } from 'socket.io-client';
import { MAX_THREADS_PER_SOCKET } from '../../src/realtime/rooms.js';
import { buildSite } from '../helpers/factories.js';
import { connected, join, startTestServer, type ClientSocket } from '../helpers/server.js';

let s: Awaited<ReturnType<typeof startTestServer>>;
let site: string;
const opened: ClientSocket[] = [];

beforeAll(async () => {
  s = await startTestServer({ env: { MAX_SOCKETS_PER_ADDRESS: '5', HANDSHAKES_PER_MINUTE: '12' } });
  site = (await buildSite(s.db)).id;
});
afterAll(async () => {
  opened.forEach((c) => c.disconnect());
  await s.close();
});

/** A reader connection from one loopback address (127.0.0.0/8 is all this machine). */
function from(address: string): ClientSocket {
  const c: ClientSocket = connect(s.origin, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress: address } as never);
  opened.push(c);
  return c;
}

const refusal = (c: ClientSocket) => connected(c).then(() => 'connected', (err: Error) => err.message);

describe('a reader connection', () => {
  it('cannot follow more than the thread cap, even with a burst of 300 joins sent at once', async () => {
    const c = from('127.0.0.2');
    await connected(c);
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => join(c, { site, thread: `burst-${i}` })));
    const accepted = answers.filter((a) => (a as { ok?: boolean }).ok === true).length;
    expect(accepted).toBe(MAX_THREADS_PER_SOCKET);
    expect(answers.filter((a) => (a as { error?: { code: string } }).error?.code === 'rate_limited')).toHaveLength(300 - MAX_THREADS_PER_SOCKET);
    // Leaving frees a slot.
    c.emit('thread:leave', { site, thread: 'burst-0' });
    expect(await join(c, { site, thread: 'after-leave' })).toEqual({ ok: true });
  });
});

describe('one client address', () => {
  it('holds at most MAX_SOCKETS_PER_ADDRESS connections; the next is refused with rate_limited, other addresses are not', async () => {
    const five = Array.from({ length: 5 }, () => from('127.0.0.3'));
    expect(await Promise.all(five.map(refusal))).toEqual(Array(5).fill('connected'));
    expect(await refusal(from('127.0.0.3'))).toBe('rate_limited');
    expect(await refusal(from('127.0.0.4'))).toBe('connected');
    // A closed connection gives its place back.
    five[0]!.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    expect(await refusal(from('127.0.0.3'))).toBe('connected');
  });

  it('opens at most HANDSHAKES_PER_MINUTE connections a minute, even when it closes each one', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 14; i++) {
      const c = from('127.0.0.5');
      outcomes.push(await refusal(c));
      c.disconnect();
    }
    expect(outcomes.slice(0, 12)).toEqual(Array(12).fill('connected'));
    expect(outcomes.slice(12)).toEqual(['rate_limited', 'rate_limited']);
  });

  it('is refused on the moderators namespace too, with the same message', async () => {
    for (let i = 0; i < 12; i++) {
      const c = from('127.0.0.6');
      await connected(c);
      c.disconnect();
    }
    const c: ClientSocket = connect(`${s.origin}/moderation`, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress: '127.0.0.6', extraHeaders: { Origin: s.origin } } as never);
    opened.push(c);
    expect(await refusal(c)).toBe('rate_limited');
  });
});

/** A raw WebSocket speaking Engine.IO v4, to send what no Socket.IO client would. */
async function raw(address: string): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(`${s.origin.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { localAddress: address });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('message', resolve); // the Engine.IO open packet
    ws.once('error', reject);
  });
  return { ws, closed };
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe('a client sending garbage', () => {
  it.each([
    ['an undecodable Socket.IO packet', '4{{{not a packet'],
    ['an event with broken JSON', '42["thread:join",{"site":'],
    ['an unknown packet type', '49'],
    ['binary garbage', Buffer.from([0xff, 0x00, 0xfe, 0x13, 0x37])],
  ])('is disconnected for %s, and the server keeps serving', async (_what, frame) => {
    const { ws, closed } = await raw('127.0.0.7');
    ws.send('40'); // connect to the readers' namespace
    ws.send(frame);
    await within(closed, 3_000);
    await s.api.get('/healthz').expect(200);
    const ok = from('127.0.0.8');
    await connected(ok);
    expect(await join(ok, { site, thread: 'still-fine' })).toEqual({ ok: true });
    ok.disconnect();
  });

  it('is disconnected for a message over 16 KB', async () => {
    const { ws, closed } = await raw('127.0.0.9');
    ws.send('40');
    ws.send(`42${JSON.stringify(['thread:join', { site, thread: 'x'.repeat(20_000) }])}`);
    expect(await within(closed, 3_000)).toBe(1009); // "message too big"
    await s.api.get('/healthz').expect(200);
  });
});
