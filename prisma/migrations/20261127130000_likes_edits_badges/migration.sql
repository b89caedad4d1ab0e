-- Readers' features beyond the form, and moderators' replies (DESIGN.md §11, §12).
--
-- Likes: one row per author key per comment (its digest, as on comments);
-- the count is kept on the comment, so a page reads no likes table and
-- `sort=best` orders by a column. The count is written in the statement that
-- adds or removes the like, so the thread's version trigger sees the change.
ALTER TABLE "comments"
    ADD COLUMN "like_count" INTEGER NOT NULL DEFAULT 0,
    -- When its author (or a moderator) last changed the body; null: never.
    ADD COLUMN "edited_at" TIMESTAMPTZ(3),
    -- 'moderator' for a moderator's reply from the dashboard; null for readers.
    ADD COLUMN "badge" VARCHAR(16),
    ADD CONSTRAINT "comments_badge_check" CHECK ("badge" IN ('moderator'));

CREATE TABLE "comment_likes" (
    "comment_id" UUID NOT NULL,
    "author_key_digest" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_likes_pkey" PRIMARY KEY ("comment_id", "author_key_digest"),
    CONSTRAINT "comment_likes_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- sort=best: a thread's approved top-level comments by likes, then age.
CREATE INDEX "comments_thread_id_status_depth_like_count_id_idx" ON "comments"("thread_id", "status", "depth", "like_count" DESC, "id");
