import { randomInt } from 'node:crypto';
import type { Db } from '../db/client.js';
import { isUniqueViolation } from '../db/client.js';
import { parseOrThrow } from '../validation.js';
import * as sites from './repository.js';
import { NewSite } from './schema.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 12 characters from 36: about 62 bits, unguessable enough for a public id. */
export function newSiteId(length = 12): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export async function createSite(deps: { db: Db }, input: NewSite, opts: { id?: string } = {}) {
  const site = parseOrThrow(NewSite, input);
  for (;;) {
    try {
      return await sites.insertSite(deps.db, { id: opts.id ?? newSiteId(), name: site.name, allowedOrigins: site.allowedOrigins, mode: site.mode });
    } catch (err) {
      // A random id collided (or a fixed one exists): retry only random ids.
      if (!isUniqueViolation(err) || opts.id) throw err;
    }
  }
}
