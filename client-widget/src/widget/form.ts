// The comment form: its fields, checks before sending, the draft kept while
// typing, server field errors next to their fields, and moving under a
// comment to reply to it. Its anti-spam parts (DESIGN.md §5): the form token,
// fetched when the form first comes into view (so the first render costs no
// request), and a honeypot field that people never see or reach.
import type { AuthoredComment } from '../../../src/contracts.js';
import { h } from '../shared/dom.js';
import type { ApiError } from './api.js';
import { client, site } from './config.js';
import { remember as rememberOwn } from './mine.js';
import { later } from './more-bridge.js';
import type { Shown } from './render.js';
import { errorText, t } from './strings.js';

const FIELDS = [
  ['body', 'comment', true],
  ['name', 'name', true],
  ['email', 'email', true],
  ['website', 'website', false],
] as const;
export type Field = (typeof FIELDS)[number][0];

/** Fetch a new form token this long after the last, before the server's 2 hours run out (a new one is 0 s old: "too fast"). */
const TOKEN_REFRESH_MS = 100 * 60 * 1000;

/** The form token: asked for once the form is in view (or at the latest when sending); a failure sends none (held, never refused). */
function formTokens(el: HTMLElement) {
  let pending: Promise<string | undefined> | undefined;
  const fetchToken = () => {
    pending = client.formToken().then(
      (t) => (setTimeout(fetchToken, TOKEN_REFRESH_MS), t),
      () => ((pending = undefined), undefined),
    );
    return pending;
  };
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    seen.disconnect();
    if (!pending) void fetchToken();
  });
  seen.observe(el);
  return () => pending ?? fetchToken();
}

/** What the form needs from the thread it is mounted in. */
export interface FormHost {
  thread: string;
  /** Where the form stands when it is not under a comment. */
  slot: HTMLElement;
  /** A comment was posted: show it, count it, bring it into view. */
  posted(c: AuthoredComment): void;
  say(text: string): void;
}

export function buildForm(host: FormHost) {
  const { thread, slot } = host;
  const draftKey = `parley:draft:${site}:${thread}`;
  const values = () => Object.fromEntries(FIELDS.map(([f]) => [f, inputs[f].value])) as Record<Field, string>;
  const saved = JSON.parse(localStorage.getItem('parley:me') ?? 'null') as Record<string, string> | null;
  const draft = JSON.parse(sessionStorage.getItem(draftKey) ?? 'null') as Record<string, string> | null;
  const inputs = {} as Record<Field, HTMLInputElement | HTMLTextAreaElement>;
  const errors = {} as Record<Field, HTMLElement>;
  const preview = h('div', { id: 'pw-pv', class: 'b pv', hidden: true, 'aria-live': 'polite' });
  const previewing = h('button', { type: 'button', class: 'a', 'aria-pressed': 'false', 'aria-controls': 'pw-pv', onclick: () => void togglePreview() }, t('preview'));
  const rows = FIELDS.map(([f, label, required]) => {
    const id = `pw-${f}`;
    const input =
      f === 'body'
        ? h('textarea', { id, name: f, rows: '5', required, maxlength: '10000' })
        : h('input', { id, name: f, type: f === 'email' ? 'email' : f === 'website' ? 'url' : 'text', required, autocomplete: f === 'website' ? 'url' : f, maxlength: f === 'email' ? '254' : f === 'website' ? '200' : '100' });
    input.value = draft?.[f] ?? saved?.[f] ?? '';
    input.addEventListener('input', () => sessionStorage.setItem(draftKey, JSON.stringify(values())));
    inputs[f] = input;
    errors[f] = h('span', { class: 'e', id: `${id}-e` });
    const labelled = h('label', { for: id }, t(label), required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null);
    // The comment's field says what formatting works, and can show it as it will look.
    if (f === 'body') return h('div', { class: 'f f-body' }, labelled, input, preview, h('p', { class: 'hint' }, h('span', { id: 'pw-hint' }, t('hint')), previewing), errors[f]);
    return h('p', { class: `f f-${f}` }, labelled, input, errors[f]);
  });
  const remember = h('input', { type: 'checkbox', id: 'pw-save', checked: !!saved });
  // Off by default, every time: mail is sent only to whoever asks for it, for this comment.
  const notify = h('input', { type: 'checkbox', id: 'pw-notify', name: 'notify' });
  const problem = h('p', { class: 'e', role: 'alert' });
  const title = h('h3', { id: 'pw-form-h' }, t('leave'));
  const cancel = h('button', { type: 'button', class: 'cancel', hidden: true, onclick: () => replyTo(null) }, t('cancelReply'));
  const submit = h('button', { type: 'submit', class: 'go' }, t('submit'));
  // Off-screen, out of the tab order and of the accessibility tree: only a bot fills it in.
  const trap = h('input', { id: 'pw-hp', name: 'pw-hp', type: 'text', tabindex: '-1', autocomplete: 'off' });
  const honeypot = h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', { for: 'pw-hp' }, t('honeypot')), trap);
  let parentId: string | undefined;
  const el = h(
    'form',
    { 'aria-labelledby': 'pw-form-h', novalidate: true, onsubmit: (e: Event) => void send(e) },
    title,
    rows[0],
    h('div', { class: 'who' }, rows[1], rows[2], rows[3]),
    honeypot,
    h('p', { class: 'note' }, t('privacy')),
    h('p', { class: 'save' }, remember, h('label', { for: 'pw-save' }, t('remember'))),
    h('p', { class: 'save' }, notify, h('label', { for: 'pw-notify' }, t('notify'))),
    problem,
    h('p', { class: 'row' }, submit, cancel),
  );
  inputs.body.setAttribute('aria-describedby', 'pw-hint');

  async function togglePreview() {
    const on = previewing.getAttribute('aria-pressed') !== 'true';
    previewing.setAttribute('aria-pressed', String(on));
    inputs.body.hidden = on;
    preview.hidden = !on;
    if (on) {
      preview.textContent = '…';
      await (await later()).preview(inputs.body.value, preview);
    } else inputs.body.focus();
  }
  const token = formTokens(el);

  function showErrors(found: Partial<Record<string, string>>) {
    let first: HTMLElement | undefined;
    for (const [f] of FIELDS) {
      const message = found[f];
      errors[f].textContent = message ?? '';
      if (message) {
        inputs[f].setAttribute('aria-invalid', 'true');
        inputs[f].setAttribute('aria-describedby', f === 'body' ? 'pw-body-e pw-hint' : `pw-${f}-e`);
        first ??= inputs[f];
      } else {
        inputs[f].removeAttribute('aria-invalid');
        if (f === 'body') inputs[f].setAttribute('aria-describedby', 'pw-hint');
        else inputs[f].removeAttribute('aria-describedby');
      }
    }
    first?.focus();
    return !!first;
  }

  async function send(e: Event) {
    e.preventDefault();
    problem.textContent = '';
    const v = values();
    if (previewing.getAttribute('aria-pressed') === 'true') void togglePreview();
    // The checks before sending come with the feature chunk; without it, the server's answer says the same.
    if (showErrors((await later().catch(() => undefined))?.check(v) ?? {})) return;
    submit.disabled = true;
    try {
      const formToken = await token();
      const posted = await client.post({ formToken, honeypot: trap.value, thread, threadTitle: document.title.slice(0, 300) || undefined, threadUrl: location.href.split('#')[0], parentId, name: v.name.trim(), email: v.email.trim(), website: v.website.trim() || undefined, body: v.body, notify: notify.checked });
      client.saveToken(posted.authorToken);
      rememberOwn(posted.comment.id, posted.comment.createdAt, v.body);
      if (remember.checked) localStorage.setItem('parley:me', JSON.stringify({ name: v.name, email: v.email, website: v.website }));
      else localStorage.removeItem('parley:me');
      host.posted(posted.comment);
      inputs.body.value = '';
      notify.checked = false;
      sessionStorage.removeItem(draftKey);
      replyTo(null);
      host.say(posted.message);
    } catch (err) {
      const failure = err as ApiError;
      const fields = failure.error?.fields ?? {};
      if (Object.keys(fields).length) showErrors(fields);
      problem.textContent = failure.status ? (fields.parentId ?? fields.thread ?? errorText(failure.error?.code, failure.error?.message)) : t('offline');
    } finally {
      submit.disabled = false;
    }
  }

  /** Moves the form under a comment to reply to it (Reply is offered only where the thread's depth limit allows one), or back. */
  function replyTo(li: HTMLLIElement | null, c?: Shown) {
    parentId = c?.id;
    title.textContent = c ? t('replyTo', { name: c.authorName }) : t('leave');
    cancel.hidden = !c;
    if (li) li.querySelector(':scope > article')!.after(el);
    else slot.append(el);
    if (c) inputs.body.focus();
  }

  return { el, replyTo };
}
