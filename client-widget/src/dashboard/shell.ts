// The page around every signed-in view: a compact header (the product, the
// sections an admin may open, who is signed in, the connection line, a slot
// for the view's own tools, Sign out) and the view below it. Sections are
// hash routes (#sites, #sites/ID, #moderators; anything else is the queue),
// so the browser's back button and a bookmark work; a moderator who is not an
// admin gets no link to the admin pages (and their APIs answer 403 anyway).
import type { ModeratorProfile } from '../../../src/contracts.js';
import { h } from '../shared/dom.js';
import { app } from './app.js';
import { connectionLine } from './connection.js';

export type Section = 'queue' | 'sites' | 'moderators';

/** The section and the rest of the route (#sites/ID → ['sites', 'ID']). */
export function route(): [Section, string] {
  const [first = '', rest = ''] = location.hash.slice(1).split(/\/(.*)/s);
  if (first !== 'sites' && first !== 'moderators') return ['queue', ''];
  try {
    return [first, decodeURIComponent(rest)];
  } catch {
    return [first, '']; // a link with a broken %-escape opens the section's list
  }
}

export const SECTIONS: Array<[Section, string]> = [
  ['queue', 'Queue'],
  ['sites', 'Sites'],
  ['moderators', 'Moderators'],
];

export interface Shell {
  /** Where the view draws itself. */
  view: HTMLElement;
  /** The view's own header buttons (the queue's "Keys (?)"). */
  tools: HTMLElement;
}

export function shell(me: ModeratorProfile, section: Section, signOut: () => void): Shell {
  const view = h('div', { class: 'view' });
  const tools = h('span', { class: 'tools' });
  const nav =
    me.role === 'admin'
      ? h(
          'nav',
          { 'aria-label': 'Sections' },
          ...SECTIONS.map(([s, label]) => h('a', { href: `#${s}`, 'aria-current': s === section ? 'page' : undefined }, label)),
        )
      : null;
  app.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'Parley', h('span', { class: 'wide' }, ' moderation')),
      nav,
      // On a phone the header breaks here: the product and sections, then who is signed in and how the connection is.
      h('span', { class: 'break', 'aria-hidden': 'true' }),
      h('span', { class: 'me' }, `${me.name} (${me.role})`),
      connectionLine(),
      tools,
      h('button', { type: 'button', onclick: signOut }, 'Sign out'),
    ),
    view,
  );
  document.title = `${SECTIONS.find(([s]) => s === section)![1]} · Parley moderation`;
  return { view, tools };
}
