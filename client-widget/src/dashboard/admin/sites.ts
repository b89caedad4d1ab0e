// The Sites page (admins, DESIGN.md §12): the list, a form to add a site, and
// one site's settings (#sites/ID): name, origins, mode explained in words, the
// rules, the webhook and its signing secret, and the snippet to embed. Every
// bad field is named beside its field at once; a save is announced.
import type { ModerationMode, SiteSettings, SiteSettingsAnswer } from '../../../../src/contracts.js';
import { h } from '../../shared/dom.js';
import { call } from '../api.js';
import type { Shell } from '../shell.js';
import { copyable, feedback, field, lines, numberOrNull, radios, radioValue } from './form.js';
import { forbiddenNote } from './forbidden.js';

export const MODES: Array<[ModerationMode, string, string]> = [
  ['pre', 'Pre-moderation', 'Every comment waits for a moderator before readers see it.'],
  ['post', 'Post-moderation', 'Comments appear at once, unless a rule below holds them for a moderator.'],
  ['trusted', 'Trusted authors', 'A returning author with an approved comment (same email, same browser) appears at once; everyone else waits.'],
];
const modeName = (m: ModerationMode) => MODES.find(([v]) => v === m)?.[1] ?? '';

export async function sitesView({ view, tools }: Shell, id: string) {
  tools.replaceChildren();
  if (id) return siteView(view, id);
  const heading = h('h2', {}, 'Sites');
  view.replaceChildren(heading, h('p', {}, 'Loading…'));
  let sites: SiteSettings[];
  try {
    sites = (await call<{ sites: SiteSettings[] }>('/api/admin/sites')).sites;
  } catch (err) {
    return void view.replaceChildren(heading, forbiddenNote(err, 'sites'));
  }
  const list = sites.length
    ? h(
        'ul',
        { class: 'rows' },
        ...sites.map((s) =>
          h(
            'li',
            {},
            h('a', { href: `#sites/${encodeURIComponent(s.id)}`, class: 'name' }, s.name),
            h('span', { class: 'mono muted' }, s.id),
            h('span', {}, modeName(s.mode)),
            h('span', { class: 'muted' }, s.allowedOrigins.join(', ')),
          ),
        ),
      )
    : h('p', { class: 'empty' }, 'No sites yet. Add the first one below: its id goes in the widget’s snippet.');
  view.replaceChildren(heading, list, newSiteForm());
}

function newSiteForm(): HTMLElement {
  const name = h('input', { type: 'text', required: true, autocomplete: 'off' });
  const origins = h('textarea', { rows: '3', placeholder: 'https://news.example.com' });
  const mode = radios('new-mode', MODES, 'pre');
  const form = h('form', { class: 'admin', 'aria-labelledby': 'new-site-h', novalidate: true });
  const fb = feedback(form);
  form.append(
    h('h3', { id: 'new-site-h' }, 'Add a site'),
    fb.summary,
    field('new-site', 'name', 'Name', name),
    field('new-site', 'allowedOrigins', 'Origins', origins, 'Where the widget may be embedded: one origin a line, such as https://news.example.com (no path).'),
    field('new-site', 'mode', 'Moderation', mode),
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Add site')),
    fb.status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fb.clear();
    try {
      const { site } = await call<SiteSettingsAnswer>('/api/admin/sites', {
        method: 'POST',
        body: JSON.stringify({ name: name.value, allowedOrigins: lines(origins.value), mode: radioValue(mode) }),
      });
      sessionStorage.setItem('parley:said', `Site ${site.name} added. Embed it with the snippet below.`);
      location.hash = `#sites/${encodeURIComponent(site.id)}`;
    } catch (err) {
      fb.failed(err, 'Not added');
    }
  });
  return form;
}

async function siteView(view: HTMLElement, id: string) {
  const back = h('p', { class: 'crumbs' }, h('a', { href: '#sites' }, '← All sites'));
  view.replaceChildren(back, h('h2', {}, 'Site'), h('p', {}, 'Loading…'));
  let answer: SiteSettingsAnswer;
  try {
    answer = await call<SiteSettingsAnswer>(`/api/admin/sites/${encodeURIComponent(id)}`);
  } catch (err) {
    return void view.replaceChildren(back, h('h2', {}, 'Site'), forbiddenNote(err, 'sites'));
  }
  const heading = h('h2', { id: 'site-h' }, answer.site.name);
  const form = h('form', { class: 'admin', 'aria-labelledby': 'site-h', novalidate: true });
  const fb = feedback(form);
  const s = answer.site;
  const text = (value: string, attrs: Record<string, string> = {}) => h('input', { type: 'text', value, autocomplete: 'off', ...attrs });
  const num = (value: number | null, min: number, max: number) => h('input', { type: 'number', inputmode: 'numeric', min: String(min), max: String(max), step: '1', value: value === null ? '' : String(value), class: 'short' });
  const area = (values: string[], rows = 3) => {
    const t = h('textarea', { rows: String(rows) });
    t.value = values.join('\n');
    return t;
  };
  const c = {
    name: text(s.name),
    allowedOrigins: area(s.allowedOrigins),
    mode: radios('mode', MODES, s.mode),
    maxLinks: num(s.maxLinks, 0, 100),
    moderationWords: area(s.moderationWords),
    disallowedWords: area(s.disallowedWords),
    floodSeconds: num(s.floodSeconds, 0, 3600),
    depthLimit: num(s.depthLimit, 1, 10),
    closeAfterDays: num(s.closeAfterDays, 1, 3650),
    webhookUrl: text(s.webhookUrl ?? '', { type: 'url', placeholder: 'https://hooks.example.com/parley' }),
  };
  const secret = h('div', { class: 'secret' });
  const showSecret = (value: string | null | undefined) =>
    secret.replaceChildren(
      ...(value
        ? [copyable('site-secret', 'Webhook signing secret', value, fb.say), h('p', { class: 'hint' }, 'Each call carries an HMAC-SHA256 signature made with this secret: check it before trusting a call.')]
        : []),
    );
  showSecret(answer.webhookSecret);
  const snippet = `<div id="parley-comments"></div>\n<script src="${location.origin}/widget.js" data-site="${s.id}" async></script>`;
  form.append(
    fb.summary,
    h('h3', {}, 'The site'),
    field('site', 'name', 'Name', c.name),
    field('site', 'allowedOrigins', 'Origins', c.allowedOrigins, 'Where the widget may be embedded: one origin a line, such as https://news.example.com (no path).'),
    field('site', 'mode', 'Moderation', c.mode),
    h('h3', {}, 'Rules'),
    field('site', 'maxLinks', 'Links before holding', c.maxLinks, 'A comment with at least this many links waits for a moderator (0: no limit).'),
    field('site', 'moderationWords', 'Words to hold', c.moderationWords, 'A comment with one of these words or phrases waits for a moderator. One a line.'),
    field('site', 'disallowedWords', 'Words to refuse', c.disallowedWords, 'A comment with one of these goes straight to Spam. One a line.'),
    field('site', 'floodSeconds', 'Seconds between comments', c.floodSeconds, 'The same email or address must wait this long between two comments (0: off).'),
    field('site', 'depthLimit', 'Reply depth', c.depthLimit, 'How deep replies may nest (1: no replies).'),
    field('site', 'closeAfterDays', 'Close threads after (days)', c.closeAfterDays, 'Threads take no new comments this many days after they start. Empty: never.'),
    h('h3', {}, 'Webhook'),
    field('site', 'webhookUrl', 'Webhook URL', c.webhookUrl, 'New comments and decisions are sent here (Slack and Discord addresses work as they are). Empty: none.'),
    secret,
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Save')),
    fb.status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fb.clear();
    try {
      const saved = await call<SiteSettingsAnswer>(`/api/admin/sites/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: JSON.stringify({
          name: c.name.value,
          allowedOrigins: lines(c.allowedOrigins.value),
          mode: radioValue(c.mode),
          maxLinks: numberOrNull(c.maxLinks),
          moderationWords: lines(c.moderationWords.value),
          disallowedWords: lines(c.disallowedWords.value),
          floodSeconds: numberOrNull(c.floodSeconds),
          depthLimit: numberOrNull(c.depthLimit),
          closeAfterDays: numberOrNull(c.closeAfterDays),
          webhookUrl: c.webhookUrl.value.trim() || null,
        }),
      });
      heading.textContent = saved.site.name;
      c.allowedOrigins.value = saved.site.allowedOrigins.join('\n');
      if ('webhookSecret' in saved) showSecret(saved.webhookSecret);
      fb.say(`Saved. ${saved.site.name} uses the new settings now.`);
    } catch (err) {
      fb.failed(err);
    }
  });
  const said = sessionStorage.getItem('parley:said');
  sessionStorage.removeItem('parley:said');
  view.replaceChildren(
    back,
    heading,
    h('p', { class: 'muted' }, 'Site id ', h('span', { class: 'mono' }, s.id)),
    form,
    h('section', { 'aria-labelledby': 'embed-h' }, h('h3', { id: 'embed-h' }, 'Embed'), h('p', { class: 'hint' }, 'Put this under an article on one of the origins above.'), copyable('site-snippet', 'Snippet', snippet, fb.say)),
  );
  if (said) fb.say(said);
}
