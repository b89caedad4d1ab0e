// What the thread page reads from its URL (DESIGN.md §11): the site, the
// thread key in one path segment (percent-encoded: "/2026/11/article/" is
// %2F2026%2F11%2Farticle%2F), and the page's cursor.
import { z } from 'zod';
import { optionalText, requiredText } from '../http/fields.js';

export const ThreadPageParams = {
  site: requiredText('Site', { max: 64 }),
  key: requiredText('Thread', { max: 512 }),
};

export const ThreadPageQuery = z.object({
  /** The previous page's "More comments" link. */
  cursor: optionalText('cursor', { max: 2048 }),
});
