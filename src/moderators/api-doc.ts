// The admins' Moderators page (routes.ts) as the API document describes it (api/route-doc.ts).
import type { RouteDoc } from '../api/route-doc.js';
import { empty, fails, json } from '../api/route-doc.js';
import { ManagedModeratorAnswer, ModeratorCreated, ModeratorList } from '../responses.js';
import { ModeratorChange, ModeratorId, ModeratorInvite } from './schema.js';

const admin = { tag: 'Admins', access: 'admin', sameOrigin: true } as const;

export const moderatorsApi: RouteDoc[] = [
  {
    ...admin,
    method: 'get',
    path: '/api/admin/moderators',
    operationId: 'listModerators',
    summary: 'Every moderator, with their sites',
    responses: { 200: json('Oldest first.', ModeratorList) },
  },
  {
    ...admin,
    method: 'post',
    path: '/api/admin/moderators',
    operationId: 'createModerator',
    summary: 'Create a moderator',
    description: 'A `moderator` needs at least one site; an admin sees every site. The generated password is in this answer only.',
    body: ModeratorInvite,
    responses: { 201: json('Created, with their one-time password.', ModeratorCreated), 409: fails('conflict') },
  },
  {
    ...admin,
    method: 'patch',
    path: '/api/admin/moderators/:id',
    operationId: 'changeModerator',
    summary: "Change a moderator's name, role or sites",
    description: 'What they lose access to is gone at once, over HTTP and on their live connections. The last admin cannot be demoted (409 `conflict`).',
    params: { id: ModeratorId },
    body: ModeratorChange,
    responses: { 200: json('The moderator as they are now.', ManagedModeratorAnswer), 404: fails('not_found'), 409: fails('conflict') },
  },
  {
    ...admin,
    method: 'delete',
    path: '/api/admin/moderators/:id',
    operationId: 'removeModerator',
    summary: 'Remove a moderator',
    description: 'Their sessions end; their audit entries stay. The last admin cannot be removed (409 `conflict`).',
    params: { id: ModeratorId },
    responses: { 204: empty('Removed.'), 404: fails('not_found'), 409: fails('conflict') },
  },
];
