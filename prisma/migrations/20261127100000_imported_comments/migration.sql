-- Imports (DESIGN.md §3: import:wordpress, import:parley). Each comment brought
-- in from elsewhere is remembered by its site, its source (a WordPress blog,
-- or "parley" for a restored export) and its id there, so that running an
-- import again brings nothing in twice. The row outlives the comment: once a
-- moderator deletes an imported comment, comment_id becomes NULL and a later
-- run still knows not to bring it back.
-- CreateTable
CREATE TABLE "imported_comments" (
    "site_id" VARCHAR(32) NOT NULL,
    "source" VARCHAR(200) NOT NULL,
    "source_id" VARCHAR(64) NOT NULL,
    "comment_id" UUID,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "imported_comments_pkey" PRIMARY KEY ("site_id","source","source_id")
);

-- CreateIndex (deleting a comment sets its row's comment_id to null)
CREATE INDEX "imported_comments_comment_id_idx" ON "imported_comments"("comment_id");

-- AddForeignKey
ALTER TABLE "imported_comments" ADD CONSTRAINT "imported_comments_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "imported_comments" ADD CONSTRAINT "imported_comments_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
