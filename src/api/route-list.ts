// Every route Parley serves, as the API document describes it: gathered
// here, written next to each router. test/api/routes.test.ts fails when
// Express serves a route this list does not hold, or the reverse.
import { authApi } from '../auth/api-doc.js';
import { commentsApi } from '../comments/api-doc.js';
import { mailApi } from '../mail/api-doc.js';
import { moderationApi } from '../moderation/api-doc.js';
import { moderatorsApi } from '../moderators/api-doc.js';
import { privacyApi } from '../privacy/api-doc.js';
import { sitesApi } from '../sites/api-doc.js';
import { threadsApi } from '../threads/api-doc.js';
import { operationsApi } from './operations-doc.js';
import type { RouteDoc } from './route-doc.js';

export const API_ROUTES: readonly RouteDoc[] = [...commentsApi, ...authApi, ...moderationApi, ...sitesApi, ...moderatorsApi, ...privacyApi, ...mailApi, ...threadsApi, ...operationsApi];
