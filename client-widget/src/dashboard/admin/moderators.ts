// The Moderators page (admins, DESIGN.md §12): who may moderate, their role
// and sites; add someone (their generated password is shown this once, with a
// Copy button), change a role or sites, remove someone (confirmed in a dialog).
import type { ManagedModerator, ModeratorCreated, ModeratorProfile, ModeratorRole } from '../../../../src/contracts.js';
import { h } from '../../shared/dom.js';
import { call, failure } from '../api.js';
import { confirmIn } from '../dialog.js';
import type { Shell } from '../shell.js';
import { copyable, feedback, field, radios, radioValue } from './form.js';
import { forbiddenNote } from './forbidden.js';

type Site = { id: string; name: string };

const ROLES: Array<[ModeratorRole, string, string]> = [
  ['moderator', 'Moderator', 'Works the queue of the sites ticked below.'],
  ['admin', 'Admin', 'Works every site’s queue, and manages sites and moderators.'],
];

/** `me`: the admin looking; their own row offers no Remove (another admin removes them). */
export async function moderatorsView({ view, tools }: Shell, me: ModeratorProfile) {
  tools.replaceChildren();
  const heading = h('h2', {}, 'Moderators');
  view.replaceChildren(heading, h('p', {}, 'Loading…'));
  let people: ManagedModerator[];
  let sites: Site[];
  try {
    [people, sites] = await Promise.all([
      call<{ moderators: ManagedModerator[] }>('/api/admin/moderators').then((a) => a.moderators),
      call<{ sites: Site[] }>('/api/moderation/sites').then((a) => a.sites),
    ]);
  } catch (err) {
    return void view.replaceChildren(heading, forbiddenNote(err, 'moderators'));
  }
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const say = (text: string) => {
    status.textContent = '';
    setTimeout(() => (status.textContent = text), 30);
  };
  const once = h('div', { class: 'once-slot' });
  const list = h('ul', { class: 'rows' });
  const siteNames = (m: ManagedModerator) =>
    m.role === 'admin' ? 'all sites' : m.sites.map((id) => sites.find((s) => s.id === id)?.name ?? id).join(', ') || 'no site yet';

  function drawList() {
    list.replaceChildren(...people.map(row));
  }

  function row(m: ManagedModerator): HTMLElement {
    const editButton: HTMLButtonElement = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-label': `Edit ${m.name}`, onclick: () => toggleEdit() }, 'Edit');
    const li = h(
      'li',
      { 'data-moderator-id': m.id },
      h('strong', { class: 'name' }, m.name),
      h('span', { class: 'muted' }, m.email),
      h('span', {}, `${m.role === 'admin' ? 'Admin' : 'Moderator'} · ${siteNames(m)}`),
      h(
        'span',
        { class: 'actions' },
        editButton,
        m.id === me.id ? null : h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${m.name}…`, onclick: () => void removeOne(m) }, 'Remove…'),
      ),
    );
    let form: HTMLFormElement | null = null;
    function toggleEdit() {
      if (form) {
        form.remove();
        form = null;
        editButton.setAttribute('aria-expanded', 'false');
        return;
      }
      form = personForm(`edit-${m.id}`, m, 'Save', async (input) => {
        const { moderator } = await call<{ moderator: ManagedModerator }>(`/api/admin/moderators/${encodeURIComponent(m.id)}`, {
          method: 'PATCH',
          body: JSON.stringify({ name: input.name, role: input.role, sites: input.sites }),
        });
        people = people.map((p) => (p.id === m.id ? moderator : p));
        drawList();
        list.querySelector<HTMLElement>(`[data-moderator-id="${CSS.escape(m.id)}"] button`)?.focus();
        say(`Saved: ${moderator.name} is ${moderator.role === 'admin' ? 'an admin' : `a moderator of ${siteNames(moderator)}`}.`);
      });
      li.append(form);
      editButton.setAttribute('aria-expanded', 'true');
      form.querySelector<HTMLElement>('input')?.focus();
    }
    return li;
  }

  async function removeOne(m: ManagedModerator) {
    if (!(await confirmIn(`Remove ${m.name}?`, `${m.name} (${m.email}) can no longer sign in, and their open sessions end at once. What they decided stays in the history.`, 'Remove')))
      return;
    try {
      await call(`/api/admin/moderators/${encodeURIComponent(m.id)}`, { method: 'DELETE' });
      people = people.filter((p) => p.id !== m.id);
      drawList();
      say(`Removed ${m.name}.`);
    } catch (err) {
      const why = failure(err);
      if (why) say(`Not removed: ${why}`);
    }
  }

  /** A form for a moderator's name, role and sites (and email, when adding). */
  function personForm(id: string, m: ManagedModerator | null, submitLabel: string, send: (input: { email: string; name: string; role: ModeratorRole; sites: string[] }) => Promise<void>) {
    const email = h('input', { type: 'email', autocomplete: 'off', value: m?.email ?? '' });
    const name = h('input', { type: 'text', autocomplete: 'off', value: m?.name ?? '' });
    const role = radios(`${id}-role`, ROLES, m?.role ?? 'moderator');
    const siteBoxes = h(
      'fieldset',
      { class: 'choices' },
      ...(sites.length
        ? sites.map((s) => h('p', {}, h('input', { type: 'checkbox', id: `${id}-site-${s.id}`, value: s.id, checked: !!m?.sites.includes(s.id) }), h('label', { for: `${id}-site-${s.id}` }, s.name)))
        : [h('p', { class: 'hint' }, 'No sites yet: add one on the Sites page.')]),
    );
    const form = h('form', { class: 'admin', novalidate: true, 'aria-label': m ? `Edit ${m.name}` : undefined, 'aria-labelledby': m ? undefined : 'new-mod-h' });
    const fb = feedback(form);
    form.append(
      ...(m ? [] : [h('h3', { id: 'new-mod-h' }, 'Add a moderator')]),
      fb.summary,
      m ? h('p', { class: 'muted' }, m.email) : field(id, 'email', 'Email', email, 'They sign in with it.'),
      field(id, 'name', m ? 'Name' : 'Name (optional)', name, m ? undefined : 'Shown on their decisions and replies; empty: the start of the email.'),
      field(id, 'role', 'Role', role),
      field(id, 'sites', 'Sites', siteBoxes),
      h('p', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel)),
      fb.status,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      fb.clear();
      try {
        await send({
          email: email.value.trim(),
          name: name.value.trim(),
          role: radioValue(role) as ModeratorRole,
          sites: [...siteBoxes.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value),
        });
      } catch (err) {
        fb.failed(err, m ? 'Not saved' : 'Not added');
      }
    });
    return form;
  }

  const addForm = personForm('new-mod', null, 'Add moderator', async (input) => {
    const created = await call<ModeratorCreated>('/api/admin/moderators', {
      method: 'POST',
      body: JSON.stringify({ email: input.email, ...(input.name ? { name: input.name } : {}), role: input.role, sites: input.sites }),
    });
    people = [...people, created.moderator];
    drawList();
    addForm.reset();
    showOnce(created);
  });

  /** The generated password, this once: copy it now, it is never shown again. */
  function showOnce({ moderator, password }: ModeratorCreated) {
    const box = h(
      'section',
      { class: 'once', 'aria-labelledby': 'once-h', tabindex: '-1' },
      h('h3', { id: 'once-h' }, `${moderator.name} added`),
      h('p', {}, h('strong', {}, 'Shown only now: '), `copy this password and give it to ${moderator.name} safely. It cannot be shown again; they sign in with ${moderator.email} and it.`),
      copyable('once-password', 'Password', password, say),
      h('button', { type: 'button', onclick: () => (once.replaceChildren(), addForm.querySelector<HTMLElement>('input')?.focus()) }, 'Done: I have copied it'),
    );
    once.replaceChildren(box);
    box.focus();
    say(`${moderator.name} added. Their password is shown only now.`);
  }

  drawList();
  view.replaceChildren(heading, status, once, list, addForm);
}
