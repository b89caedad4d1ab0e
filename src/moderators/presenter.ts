// A moderator as admins manage them (GET /api/admin/moderators): never the
// password hash, nor anything of their sessions.
import type { ManagedModerator } from '../contracts.js';
import type { ManagedRow } from './repository.js';

export const managed = (m: ManagedRow): ManagedModerator => ({ id: m.id, email: m.email, name: m.name, role: m.role, sites: m.sites.map((s) => s.siteId) });
