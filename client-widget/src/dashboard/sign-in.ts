// The sign-in form; a failed sign-in says why, in text.
import type { ModeratorProfile } from '../../../src/contracts.js';
import { h } from '../shared/dom.js';
import { call, type HttpError } from './api.js';
import { app } from './app.js';

export function signInView(reason: string, signedIn: (me: ModeratorProfile) => void) {
  const email = h('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' }, reason);
  const form = h(
    'form',
    { class: 'signin', 'aria-labelledby': 'signin-h', onsubmit: (e: Event) => void submit(e) },
    h('h1', { id: 'signin-h' }, 'Parley moderation'),
    h('p', {}, h('label', { for: 'email' }, 'Email'), email),
    h('p', {}, h('label', { for: 'password' }, 'Password'), password),
    error,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  async function submit(e: Event) {
    e.preventDefault();
    error.textContent = '';
    try {
      const { moderator } = await call<{ moderator: ModeratorProfile }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ email: email.value, password: password.value }) });
      signedIn(moderator);
    } catch (err) {
      const e = err as HttpError;
      error.textContent =
        e.status === 429 ? 'Too many failed attempts: wait a few minutes, then try again.' : e.status === 401 ? 'The email or password is not right.' : e.message;
    }
  }
  app.replaceChildren(form);
  email.focus();
}
