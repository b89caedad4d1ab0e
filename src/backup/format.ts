// A Parley backup (`export`, `import:parley`): one JSON document, laid out one
// entry per line so that both ends stream it and neither holds a site's
// 100,000 comments in memory at once:
//
//   {"format":"parley-export","version":1,"exportedAt":"…","site":{…},"threads":[
//   {"key":…},
//   {"key":…}
//   ],"comments":[
//   {"id":…},
//   ],"sources":[
//   {"source":…}
//   ]}
//
// Any JSON tool reads it as one document. A file laid out otherwise (run
// through `jq`, say) is still read, whole, up to MAX_WHOLE_BYTES. Comments
// come parents first (by depth); emails are in the clear: it is personal data.
import { z } from 'zod';
import { isHttpUrl } from '../http/fields.js';
import { SiteId, SiteName, SiteSettingsChange } from '../sites/schema.js';

export const FORMAT = 'parley-export';
export const VERSION = 1;

const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' }).transform((v) => new Date(v));
const Key = z.string().min(1).max(512);
const Status = z.enum(['pending', 'approved', 'rejected', 'spam']);

const settings = SiteSettingsChange.shape;
export const BackupSite = z.object({
  ...settings,
  id: SiteId,
  name: SiteName,
  allowedOrigins: settings.allowedOrigins.unwrap(),
  createdAt: Instant,
});
export type BackupSite = z.output<typeof BackupSite>;

export const BackupHeader = z.object({
  format: z.literal(FORMAT, { error: `not a Parley export ("format" is not "${FORMAT}")` }),
  version: z.literal(VERSION, { error: `an export of version ${VERSION} is expected (made by a newer Parley?)` }),
  exportedAt: Instant,
  site: BackupSite,
});

export const BackupThread = z.object({
  key: Key,
  title: z.string().max(300).nullable(),
  // Shown as links by the widget and the dashboard: a doctored backup must not bring in a javascript: URL.
  url: z.string().max(2048).refine(isHttpUrl, { error: 'not an http(s) address' }).nullable(),
  closed: z.boolean(),
  createdAt: Instant,
});
export type BackupThread = z.output<typeof BackupThread>;

export const BackupComment = z.object({
  id: z.uuid(),
  thread: Key,
  parentId: z.uuid().nullable(),
  status: Status,
  authorName: z.string().min(1).max(100),
  /** Decrypted: the backup is personal data. Null once erased. */
  authorEmail: z.string().min(1).max(254).nullable(),
  authorWebsite: z.string().max(200).refine(isHttpUrl, { error: 'not an http(s) address' }).nullable(),
  /** The author asked to hear of replies (absent in older backups: no). */
  notify: z.boolean().default(false),
  /** As the reader wrote it. */
  body: z.string().min(1),
  /** As Parley rendered it; restored through the sanitizer again. */
  bodyHtml: z.string(),
  heldReasons: z.array(z.string().regex(/^[a-z_]{1,32}$/)),
  userAgent: z.string().max(512).nullable(),
  /** How many liked it (absent in older backups: 0). Who liked is not carried: it is keyed by PARLEY_SECRET. */
  likes: z.int().nonnegative().default(0),
  /** When its body was last edited (absent: never). */
  editedAt: Instant.nullable().default(null),
  /** 'moderator' for a moderator's reply (absent: none). */
  badge: z.enum(['moderator']).nullable().default(null),
  createdAt: Instant,
  moderatedAt: Instant.nullable(),
});
export type BackupComment = z.output<typeof BackupComment>;

/** What imports brought into the site (imported_comments), so a WordPress import run after a restore still skips them. */
export const BackupSource = z.object({
  source: z.string().min(1).max(200),
  sourceId: z.string().min(1).max(64),
  commentId: z.uuid().nullable(),
});
export type BackupSource = z.output<typeof BackupSource>;

export const SECTIONS = ['threads', 'comments', 'sources'] as const;
export type Section = (typeof SECTIONS)[number];
export const ENTRY: { [S in Section]: z.ZodType } = { threads: BackupThread, comments: BackupComment, sources: BackupSource };

/** The first line: the header without its closing brace, and the first section opened. */
export const headerLine = (header: object) => `${JSON.stringify(header).slice(0, -1)},"${SECTIONS[0]}":[`;
/** The line that closes one section and opens the next. */
export const sectionLine = (next: Section) => `],"${next}":[`;
export const LAST_LINE = ']}';

/** A file laid out otherwise is parsed whole: up to this size. */
export const MAX_WHOLE_BYTES = 64 * 1024 * 1024;
