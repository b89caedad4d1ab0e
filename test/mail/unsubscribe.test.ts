// The unsubscribe link, as an attacker would try it: a token unsubscribes the
// address it was made for, from its own list, and nothing else; it shows no
// address; a mail scanner opening it (GET) unsubscribes nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressDigest, readUnsubscribeToken, unsubscribeToken } from '../../src/mail/unsubscribe.js';
import { emailDigest } from '../../src/security/email.js';
import { deriveKeys } from '../../src/security/keys.js';
import { TEST_SECRET, createTestApp, type TestApp } from '../helpers/app.js';

const keys = deriveKeys(TEST_SECRET);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const unsubscribed = async () =>
  (await t.database.pool.query<{ list: string; address: string }>('SELECT list::text, address_digest AS address FROM mail_unsubscribes ORDER BY list')).rows;
const oneClick = (token: string) => t.api.post(`/api/unsubscribe?token=${encodeURIComponent(token)}`).type('form').send('List-Unsubscribe=One-Click');

describe('unsubscribe tokens', () => {
  const email = 'reader@example.com';
  const token = unsubscribeToken(keys, 'reader', email);

  it('name neither the address nor the digest comments are stored with, and are the same for the same address in any case', () => {
    expect(token).not.toContain('reader');
    expect(token).not.toContain(emailDigest(keys, email));
    expect(Buffer.from(token.split('.')[1]!, 'base64url').toString('hex')).not.toBe(emailDigest(keys, email));
    expect(unsubscribeToken(keys, 'reader', 'Reader@Example.com')).toBe(token);
    expect(unsubscribeToken(keys, 'reader', 'other@example.com')).not.toBe(token);
    expect(unsubscribeToken(keys, 'moderator', email)).not.toBe(token);
  });

  it('open only when whole and signed by this server', () => {
    expect(readUnsubscribeToken(keys, token)).toEqual({ list: 'reader', addressDigest: addressDigest(keys, email) });
    const [list, address, mac] = token.split('.') as [string, string, string];
    const other = unsubscribeToken(keys, 'reader', 'victim@example.com').split('.');
    // Another address with this token's signature, this address on another list, a flipped character, another secret's token.
    expect(readUnsubscribeToken(keys, `${list}.${other[1]}.${mac}`)).toBeUndefined();
    expect(readUnsubscribeToken(keys, `m.${address}.${mac}`)).toBeUndefined();
    expect(readUnsubscribeToken(keys, `${list}.${address}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`)).toBeUndefined();
    expect(readUnsubscribeToken(keys, unsubscribeToken(deriveKeys('another-secret-0123456789abcdef0123456789'), 'reader', email))).toBeUndefined();
    for (const junk of ['', 'r', 'r..', `${token}.x`, 'x'.repeat(5000), undefined, ['a']]) expect(readUnsubscribeToken(keys, junk)).toBeUndefined();
  });
});

describe('GET and POST /api/unsubscribe', () => {
  it('GET shows a page with a button and unsubscribes nobody (mail scanners follow links)', async () => {
    const token = unsubscribeToken(keys, 'reader', 'scanned@example.com');
    const res = await t.api.get(`/api/unsubscribe?token=${token}`).expect(200).expect('Content-Type', /text\/html/).expect('Cache-Control', 'no-store');
    expect(res.text).toContain('<button type="submit">Unsubscribe</button>');
    expect(res.text).toContain(`<form method="post" action="/api/unsubscribe?token=${token}">`);
    expect(res.text).not.toContain('scanned');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(await unsubscribed()).toEqual([]);
  });

  it('POST unsubscribes the token’s address from the token’s list only, once however often it is sent', async () => {
    const email = 'clicked@example.com';
    const res = await oneClick(unsubscribeToken(keys, 'reader', email)).expect(200);
    expect(res.text).toContain('no more notifications about your comments');
    expect(res.text).not.toContain('clicked');
    await oneClick(unsubscribeToken(keys, 'reader', email)).expect(200);
    expect(await unsubscribed()).toEqual([{ list: 'reader', address: addressDigest(keys, email) }]);
  });

  it('POST with a forged or broken token changes nothing', async () => {
    const before = await unsubscribed();
    const good = unsubscribeToken(keys, 'moderator', 'mod@example.com');
    for (const bad of [`${good.slice(0, -2)}xx`, 'm.nothing.here', '']) {
      const res = await oneClick(bad).expect(400);
      expect(res.text).toContain('not valid');
    }
    await t.api.post('/api/unsubscribe').type('form').send('List-Unsubscribe=One-Click').expect(400);
    await t.api.get('/api/unsubscribe?token=r.bad.token').expect(400);
    expect(await unsubscribed()).toEqual(before);
  });
});
