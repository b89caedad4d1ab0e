// What a reader's data export holds (DESIGN.md §3 privacy:export): every
// comment of theirs, as they wrote it, with where it appeared and what became
// of it. It goes to an admin or an operator, never to the public API: it holds
// personal data. Nothing about other people, no digests, no moderator names.
import type { CommentStatus } from '../contracts.js';
import type { ExportRow } from './repository.js';

export interface ExportedComment {
  id: string;
  site: { id: string; name: string };
  thread: { key: string; title: string | null; url: string | null };
  parentId: string | null;
  status: CommentStatus;
  authorName: string;
  authorWebsite: string | null;
  body: string;
  bodyHtml: string;
  createdAt: string;
  moderatedAt: string | null;
}

/** POST /api/admin/privacy/export, `privacy:export`. */
export interface PersonalDataExport {
  /** The address asked about, as given. */
  email: string;
  exportedAt: string;
  comments: ExportedComment[];
}

/** POST /api/admin/privacy/erase, `privacy:erase`. */
export type ErasureResult = { erased: number } | { deleted: number };

export const forDataSubject = (c: ExportRow): ExportedComment => ({
  id: c.id,
  site: { id: c.thread.site.id, name: c.thread.site.name },
  thread: { key: c.thread.key, title: c.thread.title, url: c.thread.url },
  parentId: c.parentId,
  status: c.status,
  authorName: c.authorName,
  authorWebsite: c.authorWebsite,
  body: c.body,
  bodyHtml: c.bodyHtml,
  createdAt: c.createdAt.toISOString(),
  moderatedAt: c.moderatedAt?.toISOString() ?? null,
});
