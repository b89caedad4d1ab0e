import { z } from 'zod';
import { SiteId } from '../sites/schema.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';

export const ModeratorEmail = z
  .string()
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
