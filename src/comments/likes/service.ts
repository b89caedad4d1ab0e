// Readers like comments (DESIGN.md §11): one like per author key per
// comment, approved comments only. A request without a valid token of the
// comment's site gets a new key (never an error), returned as authorToken,
// as a POST does. Readers of the thread hear the new count.
import type { LikeResult } from '../../contracts.js';
import { ipKeyGenerator } from 'express-rate-limit';
import { commentNotFound, tooManyLikesFromAddress } from '../../errors.js';
import { ipDigest } from '../../security/email.js';
import { forReader } from '../presenter.js';
import * as comments from '../repository.js';
import { siteFor, type CommentsDeps, type Reader } from '../service.js';
import { authorKeyDigest, issueAuthorToken, mintAuthorKey, readAuthorToken } from '../tokens.js';
import * as likes from './repository.js';

/**
 * How many likes one comment takes from one address (an IPv6 address by its
 * /56), whatever the keys: a key costs nothing to mint, an address does.
 */
export const LIKES_PER_ADDRESS = 5;

export async function setLike(deps: CommentsDeps, id: string, liked: boolean, reader: Reader): Promise<LikeResult> {
  const place = await comments.findPlace(deps.sql, id);
  if (!place) throw commentNotFound();
  const site = await siteFor(deps, place.siteId, reader);
  if (place.status !== 'approved') throw commentNotFound();
  const presented = readAuthorToken(deps.keys, reader.authorToken, site.id);
  const key = presented ?? mintAuthorKey();
  const by = { keyDigest: authorKeyDigest(deps.keys, key), ipDigest: ipDigest(deps.keys, ipKeyGenerator(reader.ip)), perAddress: LIKES_PER_ADDRESS };
  const outcome = await likes.setLike(deps.sql, id, by, liked);
  if (!outcome) throw commentNotFound(); // taken down meanwhile
  if (outcome.capped) throw tooManyLikesFromAddress();
  if (outcome.changed)
    await deps.events.publish('comment.updated', { commentId: id, siteId: site.id, threadKey: place.threadKey, status: 'approved', comment: forReader(outcome.comment) });
  return { likes: outcome.comment.likeCount, liked, ...(presented ? {} : { authorToken: issueAuthorToken(deps.keys, site.id, key) }) };
}
