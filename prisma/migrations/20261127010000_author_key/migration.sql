-- The author key (DESIGN.md §4, §5 revised): the HMAC of a random key the
-- server mints for a browser, kept in that browser's sealed author token.
-- Comments posted before it have none, so they never count as "returning".
-- AlterTable
ALTER TABLE "comments" ADD COLUMN "author_key_digest" CHAR(64);

-- CreateIndex
CREATE INDEX "comments_thread_id_author_key_digest_idx" ON "comments"("thread_id", "author_key_digest");
