// Room names, built here only.

/** Readers following one thread of one site. */
export const threadRoom = (siteId: string, threadKey: string) => `thread:${siteId}:${threadKey}`;
/** Moderators assigned to a site. */
export const siteRoom = (siteId: string) => `site:${siteId}`;
/** Admins: every site. */
export const ADMINS_ROOM = 'admins';
/** The sockets of one sign-in session (to end them with it). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** Who on the moderation namespace hears about a site: its moderators and every admin. */
export const moderatorsOf = (siteId: string) => [siteRoom(siteId), ADMINS_ROOM];

export const MAX_THREADS_PER_SOCKET = 20;
