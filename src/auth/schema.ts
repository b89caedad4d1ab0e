// What a moderator sends to sign in.
import { z } from 'zod';

export const LoginInput = z.object({
  email: z.string({ error: 'Email is required.' }).trim().min(1, { error: 'Email is required.' }).max(254),
  password: z.string({ error: 'Password is required.' }).min(1, { error: 'Password is required.' }).max(1024),
});
