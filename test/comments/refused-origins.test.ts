// The log line a refused origin writes (comments/refused-origins.ts): one per
// site and origin a minute, and a bounded number in all, whatever a client
// makes up — the log is not a place an attacker can fill.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { refusedOriginLog } from '../../src/comments/refused-origins.js';
import { createLogger } from '../../src/log.js';

function logged() {
  const lines: Array<Record<string, unknown>> = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().trim().split('\n')) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger('warn', out) };
}

const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('the refused-origin log', () => {
  it('writes at most 100 lines a minute however many origins are made up, says so once, and writes again the next minute', async () => {
    const { lines, log } = logged();
    let now = 0;
    const refused = refusedOriginLog(log, () => now);
    for (let i = 0; i < 500; i++) refused('site', `https://made-up-${i}.example`);
    await flushed();
    expect(lines.filter((l) => l.origin)).toHaveLength(100);
    expect(lines.filter((l) => String(l.msg).startsWith('refused origins: more this minute'))).toHaveLength(1);
    now += 60_000;
    refused('site', 'https://made-up-0.example');
    await flushed();
    expect(lines.filter((l) => l.origin)).toHaveLength(101);
  });

  it('keeps and logs an origin cut to 300 characters: a header kilobytes long costs no more', async () => {
    const { lines, log } = logged();
    const refused = refusedOriginLog(log, () => 0);
    const long = `https://${'a'.repeat(5_000)}.example`;
    refused('site', long);
    refused('site', `${long}-other-tail`); // the same first 300 characters: the same origin for the log
    await flushed();
    expect(lines.map((l) => l.origin)).toEqual([long.slice(0, 300)]);
  });
});
