import { z } from 'zod';
import { SiteId } from '../sites/schema.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';

export const ModeratorEmail = z
  .string({ error: (issue) => (issue.input === undefined ? 'Email is required.' : 'Email must be text.') })
  .trim()
  .max(254, { error: 'Email must be at most 254 characters.' })
  .pipe(z.email({ error: 'Email must be a valid address.' }))
  .transform((e) => e.toLowerCase());

export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `Password must be at least ${MIN_PASSWORD_LENGTH} characters.` })
  .max(MAX_PASSWORD_LENGTH, { error: `Password must be at most ${MAX_PASSWORD_LENGTH} characters.` });

export const NewModerator = z
  .object({
    email: ModeratorEmail,
    name: z.string().trim().min(1, { error: 'Name must not be empty.' }).max(100, { error: 'Name must be at most 100 characters.' }).optional(),
    password: Password,
    role: z.enum(['admin', 'moderator']),
    siteIds: z.array(SiteId).default([]),
  })
  .superRefine((m, ctx) => {
    if (m.role === 'moderator' && m.siteIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['siteIds'], message: 'A moderator needs at least one site (or the admin role).' });
    if (m.role === 'admin' && m.siteIds.length > 0)
      ctx.addIssue({ code: 'custom', path: ['siteIds'], message: 'An admin sees every site; give no sites.' });
  });
export type NewModerator = z.input<typeof NewModerator>;

// The admins' API (DESIGN.md §12). Its passwords are generated (password.ts),
// never sent; a `moderator` works at least one site, an admin sees them all.
const Role = z.enum(['admin', 'moderator'], { error: 'Role must be admin or moderator.' });
const Name = z.string({ error: 'Name must be text.' }).trim().min(1, { error: 'Name must not be empty.' }).max(100, { error: 'Name must be at most 100 characters.' });
const Sites = z
  .array(SiteId, { error: 'Sites must be a list of site ids.' })
  .max(1000, { error: 'At most 1,000 sites.' })
  .transform((ids) => [...new Set(ids)]);

type RoleAndSites = { role?: 'admin' | 'moderator' | undefined; sites?: string[] | undefined };
/** A role given with sites must make sense with them (a PATCH that gives neither is checked against the stored role). */
const sitesFitRole = (m: RoleAndSites, ctx: z.RefinementCtx) => {
  if (m.role === 'moderator' && m.sites !== undefined && m.sites.length === 0)
    ctx.addIssue({ code: 'custom', path: ['sites'], message: 'A moderator needs at least one site (or the admin role).' });
  if (m.role === 'admin' && m.sites !== undefined && m.sites.length > 0)
    ctx.addIssue({ code: 'custom', path: ['sites'], message: 'An admin sees every site; give no sites.' });
};

/** POST /api/admin/moderators */
export const ModeratorInvite = z
  .strictObject({ email: ModeratorEmail, name: Name.optional(), role: Role, sites: Sites.optional() })
  .superRefine((m, ctx) => {
    if (m.role === 'moderator' && !m.sites?.length) ctx.addIssue({ code: 'custom', path: ['sites'], message: 'A moderator needs at least one site (or the admin role).' });
    else sitesFitRole(m, ctx);
  });
export type ModeratorInvite = z.output<typeof ModeratorInvite>;

/** PATCH /api/admin/moderators/:id: any of these; the email cannot change (it is how they sign in). */
export const ModeratorChange = z.strictObject({ name: Name.optional(), role: Role.optional(), sites: Sites.optional() }).superRefine(sitesFitRole);
export type ModeratorChange = z.output<typeof ModeratorChange>;

export const ModeratorId = z.uuid();
