// The SMTP connection's TLS rule: the password and the messages never cross
// a network in the clear because a server (or whoever sits on the path)
// left STARTTLS out.
import { describe, expect, it } from 'vitest';
import { requiresTls } from '../../src/mail/transport.js';

describe('SMTP_URL', () => {
  it('requires STARTTLS of smtp:// to another machine', () => {
    expect(requiresTls('smtp://user:pw@mail.example.com:587')).toBe(true);
    expect(requiresTls('smtp://10.0.0.5:25')).toBe(true);
    expect(requiresTls('smtp://[2001:db8::1]:587')).toBe(true);
  });

  it('lets a relay on this machine speak plain SMTP, and an operator who says so', () => {
    expect(requiresTls('smtp://localhost:25')).toBe(false);
    expect(requiresTls('smtp://127.0.0.1:2525')).toBe(false);
    expect(requiresTls('smtp://[::1]:25')).toBe(false);
    expect(requiresTls('smtp://relay.internal:25?requireTLS=false')).toBe(false);
  });

  it('has nothing to upgrade with smtps:// (TLS from the first byte)', () => {
    expect(requiresTls('smtps://user:pw@mail.example.com:465')).toBe(false);
  });
});
