-- The pending queue, per site, without reading the rest (DESIGN.md §10: the
-- metrics' parley_pending_comments, read at every scrape). Pending comments
-- are a small part of a big database; without this index counting them
-- scans an index of every comment. Partial: only waiting comments are in it,
-- so it stays small and an approved comment's row never touches it again.
CREATE INDEX "comments_pending_idx" ON "comments"("thread_id") WHERE "status" = 'pending';
