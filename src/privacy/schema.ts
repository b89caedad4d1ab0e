// What an admin may send to the personal-data routes (and the CLI passes on).
import { z } from 'zod';
import { isEmail, requiredText } from '../http/fields.js';

const Email = requiredText('Email', { max: 254, shape: { test: isEmail, message: 'Email must be a valid address.', format: 'email' } });

/** POST /api/admin/privacy/export, `privacy:export --email E` */
export const ExportRequest = z.object({ email: Email });
export type ExportRequest = z.output<typeof ExportRequest>;

/** POST /api/admin/privacy/erase, `privacy:erase --email E [--delete-content]` */
export const EraseRequest = z.object({
  email: Email,
  deleteContent: z.boolean({ error: 'deleteContent must be true or false.' }).optional().transform((v) => v ?? false),
});
export type EraseRequest = z.output<typeof EraseRequest>;
